/** The SMTP login rule lives with the other credential rules, shared with the app's dialogs. */
export { checkLogin, MAX_LOCAL_PART, type LoginCheck } from '../shared/credential-rules';
