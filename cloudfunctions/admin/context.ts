/** What every use case of the admin function gets besides its input. */
export interface AdminContext {
  /** The caller's OPENID, from getWXContext() (never from the event). */
  openid: string;
  /** The time of the call (the emulator's virtual clock in tests). */
  now: Date;
}
