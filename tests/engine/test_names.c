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
