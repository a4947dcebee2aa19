"""What a refused edit or import says (cymap.ledger.store_errors.StoreError `kind` and `fields`; worded by
cymap.views.refusals).

`refusal_<kind>` is the sentence; the English texts say what the store's English message (`str(error)`) says,
the Chinese ones say the same: why nothing was saved and what to do, naming the values. `{last}` is the
`refusal_last_change` of the ledger's last change ("" when its history is empty).
"""

TEXT: dict[str, dict[str, str]] = {
    # --- the store's refusals in the user's language (issue 15 item 4) ---
    "refusal_last_change": {"zh": "（最近一次修改：{when}，{who}，{field}：{old} → {new}）",
                            "en": " (last change: {when} by {who}: {field} {old} -> {new})"},
    # the ledger file (cymap.ledger.store)
    "refusal_no_ledger": {"zh": "找不到台账文件 {path}；未保存任何内容——请检查台账的位置",
                          "en": "there is no ledger file at {path}"},
    "refusal_busy": {"zh": "台账 {ledger} 正被他人写入，已超过 {seconds} 秒；未保存任何内容——"
                            "请稍后再试（锁文件 {lock}）",
                     "en": "the ledger {ledger} is being written by someone else for more than {seconds} s; "
                           "try again in a moment (lock file {lock})"},
    "refusal_os_disk_full": {"zh": "无法写入台账 {ledger}：磁盘已满（或文件超过此账户可写的大小）；未保存任何内容——"
                                   "请腾出空间后再试",
                             "en": "could not write the ledger {ledger}: the disk is full (or the file is larger than "
                                   "this account may write); nothing was saved — free space, then try again"},
    "refusal_os_read_only": {"zh": "无法写入台账 {ledger}：磁盘为只读；未保存任何内容——请换到可写的文件夹后再试",
                             "en": "could not write the ledger {ledger}: the disk is read-only; nothing was saved — "
                                   "fix the folder, then try again"},
    "refusal_os_permission": {"zh": "无法写入台账 {ledger}：本程序无权写入 {where}；未保存任何内容——"
                                    "请修改文件夹权限后再试",
                              "en": "could not write the ledger {ledger}: this program may not write there "
                                    "(permission denied on {where}); nothing was saved — fix the folder, then try "
                                    "again"},
    "refusal_os_other": {"zh": "无法写入台账 {ledger}（系统提示：{reason}）；未保存任何内容——"
                               "请腾出空间或检查文件夹后再试",
                         "en": "could not write the ledger {ledger}: {reason}; nothing was saved — free space or fix "
                               "the folder, then try again"},
    "refusal_file_read_only": {"zh": "台账 {ledger} 为只读文件（权限 {mode}）；未保存任何内容——"
                                     "如需编辑，请将其设为可写",
                               "en": "the ledger {ledger} is read-only (mode {mode}); nothing was saved — make it "
                                     "writable if it should be edited"},
    "refusal_cannot_store": {"zh": "台账 {ledger} 无法保存这次修改（{error}）；未保存任何内容",
                             "en": "the ledger {ledger} cannot store this edit: {error}; nothing was saved"},
    "refusal_no_editor": {"zh": "请填写编辑人（姓名或账户），以便记入修改历史；未保存任何内容",
                          "en": "say who is editing (a name or an account), so the history can record it"},
    "refusal_unknown_id": {"zh": "台账 {ledger} 中没有编号为 {id} 的项目；未保存任何内容——请检查编号或重新加载",
                           "en": "no project with id {id} in {ledger}"},
    "refusal_id_repeated": {"zh": "编号 {id} 在台账 {ledger} 的第 {rows} 行重复出现；未保存任何内容——"
                                  "请先使编号唯一（{command}）",
                            "en": "id {id} appears in rows {rows} of {ledger}; make the ids unique before editing "
                                  "({command})"},
    "refusal_stale_ledger": {"zh": "台账 {ledger} 在您加载后已被修改{last}；未保存任何内容——请重新加载后再修改",
                             "en": "the ledger {ledger} changed since you loaded it{last}; nothing was saved — reload "
                                   "and make your edit again"},
    "refusal_stale_row": {"zh": "项目 {id} 在您加载后已被修改{last}；未保存任何内容——请重新加载后再修改",
                          "en": "project {id} changed since you loaded it{last}; nothing was saved — reload it and "
                                "make your edit again"},
    "refusal_not_status": {"zh": "状态 {value} 不是有效的状态；未保存任何内容——允许：{allowed}",
                           "en": "status {value} is not a status — allowed: {allowed}"},
    "refusal_id_taken": {"zh": "编号 {id} 已在台账 {ledger} 中使用；未保存任何内容——请换一个新编号",
                         "en": "id {id} is already used in {ledger}; choose a new id"},
    "refusal_new_project_invalid": {"zh": "新项目无效，未保存：{problems}",
                                    "en": "the new project is not valid: {problems}"},
    "refusal_bad_cell": {"zh": "项目 {id} 的“{column}”列，值 {value} {reason}；未保存任何内容",
                         "en": "project {id}, column {column}: value {value} {reason}; nothing was saved"},
    # uploads (cymap.ledger.importer)
    "refusal_upload_too_large": {"zh": "文件大小为 {size} MB，上传上限为 {limit} MB；未导入任何内容——"
                                       "请删除无用的工作表或列，或另存为 CSV",
                                 "en": "the file is {size} MB; uploads are limited to {limit} MB — remove unused "
                                       "sheets or columns, or save as CSV"},
    "refusal_upload_too_many": {"zh": "{filename}：{reason}；未导入任何内容", "en": "{filename}: {reason}"},
    "refusal_upload_has_problems": {"zh": "{filename} 有 {count} 处问题；未导入任何内容——"
                                          "请修正后重新导入（第一处：{first}）",
                                    "en": "{filename} has {count} problems; fix them and import again "
                                          "(first: {first})"},
    "refusal_import_stale": {"zh": "台账 {ledger} 在预览后已被修改{last}；未导入任何内容——请重新预览导入",
                             "en": "the ledger {ledger} changed since this preview{last}; nothing was applied — "
                                   "preview the import again"},
    "refusal_ledger_duplicate_ids": {"zh": "台账 {ledger} 有重复的编号（{ids}）；未导入任何内容——请先修正（{command}）",
                                     "en": "the ledger {ledger} has duplicate ids ({ids}); fix them first ({command})"},
    # the shared ledger (cymap.ledger.pg_store)
    "refusal_db_unreachable": {"zh": "{seconds} 秒内无法连接共享台账 {location}——请确认数据库正在运行、地址无误",
                               "en": "cannot connect to the shared ledger {location} within {seconds} s — is "
                                     "PostgreSQL running, and the URL right?"},
    "refusal_db_busy": {"zh": "共享台账正被他人写入，已超过 {seconds} 秒；未保存任何内容——请稍后再试",
                        "en": "the shared ledger is being written by someone else for more than {seconds} s; "
                              "nothing was saved — try again in a moment"},
    "refusal_db_stale": {"zh": "共享台账在您加载后已被修改{last}；未保存任何内容——请重新加载后再修改",
                         "en": "the shared ledger changed since you loaded it{last}; nothing was saved — reload and "
                               "make your edit again"},
    "refusal_db_unknown_id": {"zh": "共享台账中没有编号为 {id} 的项目；未保存任何内容——请检查编号或重新加载",
                              "en": "no project with id {id} in the shared ledger"},
    "refusal_db_id_taken": {"zh": "编号 {id} 已在共享台账中使用；未保存任何内容——请换一个新编号",
                            "en": "id {id} is already used in the shared ledger; choose a new id"},
    "refusal_db_import_stale": {"zh": "共享台账在预览后已被修改；未导入任何内容——请重新预览导入",
                                "en": "the shared ledger changed since this preview; nothing was applied — preview "
                                      "the import again"},
    "refusal_new_project_no_id": {"zh": "新项目需要编号；未保存任何内容", "en": "the new project needs an id"},
    # accounts (cymap.ledger.accounts)
    "refusal_needs_account": {"zh": "共享台账按账户记录谁修改了什么：请用您的账户登录（网页：编辑页；命令行：{how}）；"
                                    "未保存任何内容",
                              "en": "the shared ledger records who changed what by account: log in with your account "
                                    "(app: Edit tab; CLI: {how}); nothing was saved"},
    "refusal_may_not_write": {"zh": "账户 {account} 的角色是{role}，不能修改台账；未保存任何内容",
                              "en": "account {account} is a {role} and may not change the ledger; nothing was saved"},
    "refusal_other_district": {"zh": "账户 {account} 只能修改{districts}的项目；项目 {id} 位于{touched}；"
                                     "未保存任何内容",
                               "en": "account {account} may change rows of {districts} only; project {id} is in "
                                     "{touched}; nothing was saved"},
    "refusal_no_district": {"zh": "无区县（地点未能定位）", "en": "no district (its location did not resolve)"},
    "refusal_needs_admin": {"zh": "此操作需要管理员账户；账户 {account} 的角色是{role}；未保存任何内容",
                            "en": "this needs an admin account; {account} is a {role}; nothing was saved"},
    "refusal_password_short": {"zh": "密码至少需要 {length} 个字符（两端的空格不计）",
                               "en": "a password needs at least {length} characters (spaces at either end not "
                                     "counted)"},
    "refusal_account_no_name": {"zh": "账户需要名称", "en": "an account needs a name"},
    "refusal_not_role": {"zh": "{value} 不是有效的角色——允许：{allowed}",
                         "en": "role {value} is not a role — allowed: {allowed}"},
    "refusal_editor_needs_district": {"zh": "区县编辑至少需要一个区县（{how}）",
                                      "en": "a district_editor needs at least one district ({how})"},
    "refusal_districts_not_for_role": {"zh": "只有区县编辑才有区县；{role}可修改全部项目或不能修改",
                                       "en": "only a district_editor has districts; a {role} changes every row "
                                             "or none"},
    "refusal_account_exists": {"zh": "已有账户 {name}；如需修改，请先删除它",
                               "en": "there is already an account {name}; remove it first to change it"},
    "refusal_login_throttled": {"zh": "{name} 的密码错误次数过多：请 {seconds} 秒后再试",
                                "en": "too many wrong passwords for {name}: try again in {seconds} s"},
    "refusal_login_failed": {"zh": "账户名或密码错误", "en": "wrong account name or password"},
    "refusal_role_viewer": {"zh": "只读", "en": "viewer"},
    "refusal_role_district_editor": {"zh": "区县编辑", "en": "district_editor"},
    "refusal_role_editor": {"zh": "编辑", "en": "editor"},
    "refusal_role_admin": {"zh": "管理员", "en": "admin"},
}
