"""Dữ liệu: templates, dry-run import with preview, audit log with undo, export and restore."""

import hashlib

import streamlit as st

from ntm.loading import archive, audit, auth, importer
from ntm.loading.store import Busy, Unavailable
from ntm.loading.templates import file_name
from ntm.loading.work import Work
from ntm.locale import fmt
from pages.ui import cache, filters, imports, work
from pages.ui.filters import t
from pages.ui.guard import guard
from pages.ui.notes import plain

store = imports.store()
WRITE = "data_write"  # the change of the stored data under way, if any: (Work, flash)


def change_data(change, flash) -> None:
    """Start a change of the stored data (import, undo, restore) on a thread of its own: change(work) reports
    its progress to work and stops at its checkpoints when cancelled. The top of the page follows it."""
    w = Work(change)
    st.session_state[WRITE] = (w, flash)
    w.start()
    st.rerun()


def follow_change() -> None:
    """Progress and Cancel while a change runs. Done: the caches are dropped and the next run says flash(entry);
    cancelled, or refused (rights, rules, another writer busy): the reason, in words, and nothing changes."""
    if WRITE not in st.session_state:
        return
    w, flash = st.session_state[WRITE]
    work.watch(w, WRITE, stop_at_once=False)
    del st.session_state[WRITE]
    if w.cancelled:
        st.info(t("work_write_cancelled"), icon=":material/cancel:")
    elif isinstance(w.error, (importer.ImportRefused, auth.AuthError, Busy, Unavailable)):
        st.error(plain(w.error))
    elif w.error is not None:
        raise w.error
    else:
        cache.clear()
        st.session_state.pop("data_preview", None)
        st.session_state["data_flash"] = flash(w.result)
        st.rerun()


st.title(t("data_title"))
st.caption(t("data_intro"))
st.caption(f"{t('data_version')}: **{store.current() or t('data_bundled')}**")
with guard("change"):
    follow_change()
if "data_flash" in st.session_state:
    st.success(st.session_state.pop("data_flash"))

# ---- login ----------------------------------------------------------------------------------------
user = st.session_state.get("data_user")
if user is None:
    with st.expander(t("data_login"), expanded=False, icon=":material/login:"), st.form("data_login_form"):
        name = st.text_input(t("data_user"), key="data_login_name")
        password = st.text_input(t("data_password"), type="password", key="data_login_password")
        if st.form_submit_button(t("data_login_button")):
            try:
                st.session_state["data_user"] = auth.authenticate(name, password)
                st.rerun()
            except auth.AuthError as err:
                st.error(plain(err))
else:
    scope = f"huyện {user.district}" if user.district else t("data_whole_province")
    left, right = st.columns([4, 1])
    left.info(t("data_logged_in", name=user.name, scope=scope), icon=":material/verified_user:")
    if right.button(t("data_logout"), key="data_logout"):
        st.session_state.pop("data_user", None)
        st.session_state.pop("data_preview", None)
        st.rerun()

cat = imports.catalog()
labels = imports.kind_labels(cat)
tab_tpl, tab_imp, tab_log, tab_bak = st.tabs(
    [t("data_tab_templates"), t("data_tab_import"), t("data_tab_log"), t("data_tab_backup")]
)

# ---- templates ------------------------------------------------------------------------------------
with tab_tpl, guard("templates"):
    kind = st.selectbox(t("data_kind"), list(labels), format_func=labels.get, key="data_tpl_kind")
    period = district = None
    if kind == "status":
        ids = list(cat.periods.period_id)
        period = st.selectbox(
            t("period"),
            ids,
            index=ids.index(st.session_state.get("period_id", ids[-1]))
            if st.session_state.get("period_id") in ids
            else len(ids) - 1,
            format_func=filters.period_label,
            key="data_tpl_period",
        )
        # the areas chosen in the sidebar, else every district and the whole province
        chosen = [d for d in st.session_state.get("districts", []) if d in cat.districts]
        options = chosen or [None] + list(cat.districts)
        fixed = user.district if user is not None and user.district else None
        district = fixed or st.selectbox(
            t("data_template_scope"),
            options,
            key="data_tpl_district",
            format_func=lambda d: t("all_districts") if d is None else cat.districts[d],
        )
    st.download_button(  # the workbook is made on the click: a run of the page no longer writes one
        t("data_template_download"),
        lambda: imports.template_bytes(kind, period, district),
        file_name=file_name(kind, period, district),
        icon=":material/download:",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
        key="data_tpl_dl",
    )

# ---- import (dry run, then confirm) ---------------------------------------------------------------
with tab_imp, guard("import"):
    if user is None:
        st.info(t("data_need_login"), icon=":material/lock:")
    else:
        choice = st.selectbox(
            t("data_kind"),
            [None] + list(labels),
            key="data_imp_kind",
            format_func=lambda k: t("data_kind_auto") if k is None else labels[k],
        )
        period_ids = list(cat.periods.period_id)
        period_labels = dict(zip(cat.periods.period_id, cat.periods.label_vi))
        asked_period = st.selectbox(
            t("data_period"),
            [None, *reversed(period_ids)],
            key="data_imp_period",
            format_func=lambda p: t("data_period_auto") if p is None else f"{p} · {period_labels[p]}",
        )
        upload = st.file_uploader(t("data_upload"), type=["xlsx", "csv"], key="data_upload")
        result = None
        if upload is not None:
            content = upload.getvalue()
            key = (upload.name, hash(content), choice, asked_period, store.current(), user)
            read = work.read(
                "data_preview",
                key,
                lambda w, name=upload.name: importer.preview(
                    content, name, store, user, choice, asked_period, catalog=cat
                ),
            )
            result = read.result if read is not None else None
        if result is not None:
            st.caption(t("data_dry_run"))
            (st.error if not result.ok else st.info)(plain(result.summary()))
            if result.fatal is None:
                m = st.columns(5)
                m[0].metric(t("data_accepted"), fmt.integer(len(result.accepted)))
                m[1].metric(t("data_rejected"), fmt.integer(len(result.rejected)))
                m[2].metric(t("data_added"), fmt.integer(result.added))
                m[3].metric(t("data_changed"), fmt.integer(result.changed))
                m[4].metric(t("data_unchanged"), fmt.integer(result.unchanged))
                if result.notes:
                    with st.expander(t("data_notes")):
                        st.dataframe({t("data_notes"): result.notes}, hide_index=True, key="data_notes_table")
                if result.warnings:
                    st.warning(
                        f"**{t('data_warnings')}**\n\n" + plain("\n".join(f"- {w}" for w in result.warnings)),
                        icon=":material/warning:",
                    )
                if result.rejected:
                    st.subheader(t("data_rejected"))
                    st.dataframe(imports.rejected_table(result), hide_index=True, key="data_rejected_table")
                    if result.omitted:
                        st.caption(plain(f"... và {fmt.integer(result.omitted)} lỗi khác (không liệt kê)."))
                if len(result.changes):
                    st.subheader(t("data_changes"))
                    st.dataframe(
                        imports.changes_table(result.changes.head(5000)), hide_index=True, key="data_changes_table"
                    )
                with st.expander(t("data_accepted")):
                    st.dataframe(result.accepted.head(5000), hide_index=True, key="data_accepted_table")
                if st.button(
                    t("data_confirm"),
                    type="primary",
                    disabled=not (result.ok and result.has_changes),
                    key="data_confirm",
                    icon=":material/save:",
                ):
                    change_data(
                        lambda w: importer.commit(result, user, store, checkpoint=w.progress),
                        lambda e: t(
                            "data_done", version=e["version_after"], added=e["rows_added"], changed=e["rows_changed"]
                        ),
                    )

# ---- audit log and undo ---------------------------------------------------------------------------
with tab_log, guard("log"):
    log = imports.audit_table(imports.log_size())
    if log.empty:
        st.info(t("data_log_empty"))
    else:
        st.subheader(t("data_log"))
        st.dataframe(log.drop(columns=["id"]), hide_index=True, key="data_log_table")
        entries = {e["id"]: e for e in audit.entries(store)}
        picked = log.set_index("id")[["Thời điểm", "Thao tác", "Tệp"]]
        shown = st.selectbox(
            t("data_log_detail"),
            list(log["id"]),
            key="data_log_pick",
            format_func=lambda i: " · ".join(str(v) for v in picked.loc[i]),
        )
        st.dataframe(
            imports.changes_table(importer.read_changes(store, entries[shown]).head(5000)),
            hide_index=True,
            key="data_log_changes",
        )
    target = audit.undoable(store)
    if target is not None:
        st.caption(plain(t("data_undo_what", file=target.get("file_name"), user=target["user"], at=target["at"][:16])))
        if st.button(
            t("data_undo"),
            disabled=user is None,
            key="data_undo",
            icon=":material/undo:",
            help=None if user else t("data_need_login"),
        ):
            change_data(
                lambda w: importer.undo(user, store, checkpoint=w.progress),
                lambda e: t("data_undo_done", version=e["version_after"] or t("data_bundled")),
            )

# ---- backup and restore ---------------------------------------------------------------------------
with tab_bak, guard("backup"):
    version = store.current()
    st.download_button(  # the zip is made on the click (a fifth of a second a version otherwise, on every visit)
        t("data_export"),
        lambda: imports.export_bytes(version),
        file_name=archive.export_name(),
        mime="application/zip",
        icon=":material/archive:",
        on_click="ignore",
        key="data_export",
    )
    if user is None:
        st.info(t("data_need_login"), icon=":material/lock:")
    else:
        backup = st.file_uploader(t("data_restore"), type=["zip"], key="data_restore_file")
        read = None
        if backup is not None:
            content = backup.getvalue()
            read = work.read(
                "data_restore_plan",
                (backup.name, hashlib.sha256(content).hexdigest(), store.current()),
                lambda w, name=backup.name: imports.restore_plan(content, name),
            )
        if read is not None:
            plan, refused = read.result
            if refused:
                st.error(plain(refused))
            else:
                st.info(plain(plan.summary()))
                confirmed = [
                    table
                    for table, rows in plan.emptied.items()
                    if st.checkbox(
                        t("data_restore_empty", rows=fmt.integer(rows), table=table, label=imports.table_label(table)),
                        key=f"data_restore_empty_{table}",
                    )
                ]
                if st.button(
                    t("data_restore_confirm"),
                    key="data_restore",
                    icon=":material/restore:",
                    disabled=bool(set(plan.emptied) - set(confirmed)),
                ):
                    change_data(
                        lambda w, name=backup.name: archive.restore(
                            content, name, user, store, confirm_empty=confirmed, checkpoint=w.progress
                        ),
                        lambda e: t(
                            "data_restore_done",
                            added=e["rows_added"],
                            changed=e["rows_changed"],
                            removed=e["rows_removed"],
                        ),
                    )
