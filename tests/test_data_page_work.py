"""The data page runs an import on a thread of its own: the preview and the write come back to the page, and a
write cancelled before its commit point says so and leaves the database, the store and the audit log byte for
byte as they were."""

from __future__ import annotations

import pytest

from ntm.loading import importer
from ntm.loading.store import Store
from tests.importing import logged_in_data_page, xlsx
from tests.test_data_page import app_env  # noqa: F401  (the fixture: a database, a store and an editor)
from tests.test_hostile import state


def _upload(at):
    head = ["Kỳ báo cáo", "Mã xã"] + [f"TC{i}" for i in range(1, 20)]
    rows = [head, ["2019-12", "02665"] + ["Đạt"] * 19]
    at.file_uploader(key="data_upload").set_value(("huy.xlsx", xlsx(rows), "application/octet-stream"))
    at.run()
    assert not at.exception and not at.button(key="data_confirm").disabled


@pytest.mark.parametrize("step", ["check", "build", "switch"])
def test_a_write_cancelled_on_the_page_changes_nothing(app_env, monkeypatch, step):  # noqa: F811
    real = importer.commit

    def cancelled_at_step(result, user, store=None, checkpoint=None):
        work = checkpoint.__self__  # the page's Work: Cancel clicked while the write is at `step`

        def click_then_go_on(fraction, name):
            if name == step:
                work.cancel()
            checkpoint(fraction, name)

        return real(result, user, store, checkpoint=click_then_go_on)

    monkeypatch.setattr(importer, "commit", cancelled_at_step)
    at = logged_in_data_page()
    _upload(at)
    before = state(Store.default())
    at.button(key="data_confirm").click().run()
    assert not at.exception
    assert any("Đã hủy. Dữ liệu, kho dữ liệu nhập và nhật ký không thay đổi." in i.value for i in at.info)
    assert not any("Đã ghi" in s.value for s in at.success)
    assert state(Store.default()) == before
    assert "data_write" not in at.session_state  # the page is ready for the next change


def test_a_write_on_the_page_reports_its_steps(app_env, monkeypatch):  # noqa: F811
    real = importer.commit
    steps = []

    def recorded(result, user, store=None, checkpoint=None):
        def note(fraction, name):
            steps.append((fraction, name))
            checkpoint(fraction, name)

        return real(result, user, store, checkpoint=note)

    monkeypatch.setattr(importer, "commit", recorded)
    at = logged_in_data_page()
    _upload(at)
    at.button(key="data_confirm").click().run()
    assert not at.exception
    assert any("Đã ghi: phiên bản 000001" in s.value for s in at.success)
    assert steps == [(0.05, "check"), (0.3, "build"), (0.9, "switch")]


@pytest.mark.parametrize("step", ["check", "build", "switch"])
def test_an_undo_cancelled_on_the_page_changes_nothing(app_env, monkeypatch, step):  # noqa: F811
    real = importer.undo

    def cancelled_at_step(user, store=None, checkpoint=None):
        work = checkpoint.__self__  # the page's Work: Cancel clicked while the undo is at `step`

        def click_then_go_on(fraction, name):
            if name == step:
                work.cancel()
            checkpoint(fraction, name)

        return real(user, store, checkpoint=click_then_go_on)

    monkeypatch.setattr(importer, "undo", cancelled_at_step)
    at = logged_in_data_page()
    _upload(at)
    at.button(key="data_confirm").click().run()
    assert any("Đã ghi: phiên bản 000001" in s.value for s in at.success)
    before = state(Store.default())
    at.button(key="data_undo").click().run()
    assert not at.exception
    assert any("Đã hủy. Dữ liệu, kho dữ liệu nhập và nhật ký không thay đổi." in i.value for i in at.info)
    assert not any("Đã hoàn tác" in s.value for s in at.success)
    assert state(Store.default()) == before and Store.default().current() == "000001"
    assert not at.button(key="data_undo").disabled  # the import can still be undone
