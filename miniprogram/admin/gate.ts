/**
 * The admin subpackage is role-gated by the admin function itself: every route but claimAdmin
 * answers FORBIDDEN to a caller who is not an admin (one read of `admins`). Pages show this
 * message for it instead of the function's own.
 */
export const FORBIDDEN = 'FORBIDDEN';
export const FORBIDDEN_MESSAGE = '仅限本店管理员使用。如果你是商家，请在「商家管理」首页完成管理员设置。';

/** The message a page shows for a failed admin call. */
export function adminFailureMessage(error: { code: string; message: string }): string {
  return error.code === FORBIDDEN ? FORBIDDEN_MESSAGE : error.message;
}
