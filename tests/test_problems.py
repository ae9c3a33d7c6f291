"""One problem type names the place of every build and import message the same way."""

from ntm.data.problems import Problem


def test_one_problem_type_names_its_place_for_the_build_and_for_imports():
    assert str(Problem("periods.csv", 3, "boundary_layer", "2021", "giá trị không hợp lệ")) == (
        "Tệp periods.csv, dòng 3, cột 'boundary_layer': giá trị không hợp lệ (giá trị: '2021')"
    )
    assert str(Problem("a.xlsx", 4, "Mã xã", "99999", "mã xã không có", sheet="Biểu 01")) == (
        "Tệp a.xlsx, trang 'Biểu 01', dòng 4, cột 'Mã xã' (giá trị: '99999'): mã xã không có"
    )
    assert str(Problem("a.csv", 2, None, None, "trùng với dòng 1", sheet="")) == "Tệp a.csv, dòng 2: trùng với dòng 1"
    assert str(Problem("targets.csv", None, "deadline", None, "thiếu cột bắt buộc")) == (
        "Tệp targets.csv, cột 'deadline': thiếu cột bắt buộc"
    )
