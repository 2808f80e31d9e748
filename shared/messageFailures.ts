/**
 * Subscribe messages the platform refused (collection `messageFailures`): every send that failed
 * for a reason other than the recipient not having subscribed (43101, the normal case). The
 * merchant sees them on the dashboard (an alert of kind `message`, docs/alerts.md) with what was
 * sent, so that a template mapped to the wrong keywords, or deleted, does not fail in silence.
 */

/** Which of the project's messages it was. */
export type MessagePurpose = 'commission' | 'withdrawal' | 'alert';

/** A document of collection `messageFailures`, written once and never changed. */
export interface MessageFailureDocument {
  /** `<YYYYMMDDHHmmss China time>-<12 random hex>`: sorts by time, unique without a read. */
  _id: string;
  purpose: MessagePurpose;
  /** The template id from the rules, as sent. */
  templateId: string;
  /** The recipient's OPENID. */
  touser: string;
  /** The mini-program page the message would have opened. */
  page: string;
  /** The keyword data as sent (already fitted to each keyword's type). */
  data: Record<string, { value: string }>;
  /** The platform's error code (47003 argument invalid, 40037 invalid template id, ...); null when the call failed without one. */
  errCode: number | null;
  /** The platform's error message, or the exception's, at most 500 characters. */
  errMsg: string;
  /** When the send was attempted (server time). */
  at: Date;
}
