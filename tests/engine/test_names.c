/*
** Names behind a result's ids, and the departments and windows of a
** catalog, through the public API only.
*/
#include <string.h>

#include "eng.h"

TestSuite(names, .init = eng_setup, .fini = eng_teardown);

Test(names, departments_and_windows_are_listed) {
  cr_assert_eq(wnd_catalog_department_count(eng_cat), 4);
  cr_assert_str_eq(wnd_catalog_department_id(eng_cat, 0), "city_market");
  cr_assert_str_eq(wnd_catalog_department_id(eng_cat, 3), "civil");
  cr_assert_null(wnd_catalog_department_id(eng_cat, 4));
  cr_assert_eq(wnd_catalog_window_count(eng_cat), 9);
  cr_assert_str_eq(wnd_catalog_window_id(eng_cat, 0), "general");
  cr_assert_null(wnd_catalog_window_id(eng_cat, 9));
  cr_assert_eq(wnd_catalog_window_count(NULL), 0);
}

Test(names, names_of_a_result_route) {
  wnd_result *r = eng_eval("FT", "{\"data\":{\"name\":\"x\"},\"materials\":{}}",
                           "2026-11-20T10:00:00+08:00");
  const char *dept = wnd_result_route(r, "department"), *sec = wnd_result_route(r, "section");
  cr_assert_str_eq(dept, "market");
  cr_assert_str_eq(wnd_catalog_department_name(eng_cat, dept), "测试县市场监督管理局");
  cr_assert_str_eq(wnd_catalog_section_name(eng_cat, dept, sec), "食品经营许可股");
  const char *win = wnd_result_route(r, "window");
  cr_assert(win);
  cr_assert(wnd_catalog_window_name(eng_cat, win), "window %s has a name", win);
  cr_assert_null(wnd_catalog_window_name(eng_cat, "no_such"));
  cr_assert_null(wnd_catalog_section_name(eng_cat, "health", "food"));
  wnd_result_free(r);
}

Test(names, material_names_for_items_and_bundles) {
  cr_assert_str_eq(wnd_catalog_material_name(eng_cat, "FT", "layout_plan"), "平面布局图");
  cr_assert_str_eq(wnd_catalog_material_name(eng_cat, "startup", "form_b"), "申请书B");
  cr_assert(wnd_catalog_material_name(eng_cat, "startup", "id_card"),
            "a library material used by a bundle item has its name");
  cr_assert_null(wnd_catalog_material_name(eng_cat, "FT", "form_b"));
  cr_assert_null(wnd_catalog_material_name(eng_cat, "NO-SUCH", "form_b"));
}

/* Misuse of the getters: a NULL catalog, a NULL id or an index one past the
** end gives the documented neutral answer ("" for the catalog's own strings,
** 0 for counts, NULL otherwise), never a crash. */
Test(names, getters_on_null_and_out_of_range) {
  cr_assert_str_eq(wnd_catalog_id(NULL), "");
  cr_assert_str_eq(wnd_catalog_name(NULL), "");
  cr_assert_str_eq(wnd_catalog_version(NULL), "");
  cr_assert_str_eq(wnd_catalog_digest(NULL), "");
  cr_assert_eq(wnd_catalog_utc_offset(NULL), 0);
  cr_assert_eq(wnd_catalog_item_count(NULL), 0);
  cr_assert_eq(wnd_catalog_bundle_count(NULL), 0);
  cr_assert_eq(wnd_catalog_department_count(NULL), 0);
  cr_assert_null(wnd_catalog_item_code(NULL, 0));
  cr_assert_null(wnd_catalog_item_name(NULL, 0));
  cr_assert_null(wnd_catalog_bundle_id(NULL, 0));
  cr_assert_null(wnd_catalog_department_id(NULL, 0));
  cr_assert_null(wnd_catalog_window_id(NULL, 0));
  cr_assert_null(wnd_catalog_department_name(NULL, "market"));
  cr_assert_null(wnd_catalog_section_name(NULL, "market", "food"));
  cr_assert_null(wnd_catalog_window_name(NULL, "general"));
  cr_assert_null(wnd_catalog_material_name(NULL, "FT", "layout_plan"));

  size_t ni = wnd_catalog_item_count(eng_cat), nb = wnd_catalog_bundle_count(eng_cat);
  cr_assert_gt(ni, 0);
  cr_assert_gt(nb, 0);
  cr_assert(wnd_catalog_item_code(eng_cat, ni - 1) && wnd_catalog_item_name(eng_cat, ni - 1));
  cr_assert_null(wnd_catalog_item_code(eng_cat, ni));
  cr_assert_null(wnd_catalog_item_name(eng_cat, ni));
  cr_assert(wnd_catalog_bundle_id(eng_cat, nb - 1));
  cr_assert_null(wnd_catalog_bundle_id(eng_cat, nb));

  cr_assert_null(wnd_catalog_department_name(eng_cat, NULL));
  cr_assert_null(wnd_catalog_section_name(eng_cat, "market", NULL));
  cr_assert_null(wnd_catalog_section_name(eng_cat, NULL, "food"));
  cr_assert_null(wnd_catalog_window_name(eng_cat, NULL));
  cr_assert_null(wnd_catalog_material_name(eng_cat, NULL, "layout_plan"));
  cr_assert_null(wnd_catalog_material_name(eng_cat, "FT", NULL));
  cr_assert_null(wnd_catalog_material_name(eng_cat, "startup", "no_such_material"));
}
