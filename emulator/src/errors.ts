/**
 * Platform errors as they travel on the wire: `{ code, message, requestId }` with HTTP 200.
 * Message texts copy the real service where they are known (docs/platform.md section 1.4).
 */

export class TcbApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'TcbApiError';
  }
}

const PLEASE_CHECK = 'Please check your request, but if the problem persists, contact us.';

export const errors = {
  collectionNotExist: (name: string) =>
    new TcbApiError(
      'DATABASE_COLLECTION_NOT_EXIST',
      `[ResourceNotFound] Db or Table not exist: ${name}. ${PLEASE_CHECK}`,
    ),
  collectionAlreadyExist: () =>
    new TcbApiError(
      'DATABASE_COLLECTION_ALREADY_EXIST',
      `[ResourceUnavailable.ResourceExist] Table exist. ${PLEASE_CHECK}`,
    ),
  duplicateKey: (envName: string, collection: string, index: string, key: string) =>
    new TcbApiError(
      'DATABASE_REQUEST_FAILED',
      `[FailedOperation.Insert] bulk write error: E11000 duplicate key error collection: ${envName}.${collection} index: ${index} dup key: { ${key} }`,
    ),
  requestFailed: (detail: string) => new TcbApiError('DATABASE_REQUEST_FAILED', `[FailedOperation] ${detail}`),
  invalidParam: (detail: string) => new TcbApiError('INVALID_PARAM', detail),
  transactionConflict: () =>
    new TcbApiError(
      'DATABASE_TRANSACTION_CONFLICT',
      `[ResourceUnavailable.TransactionConflict] Transaction is conflict, maybe resource operated by others. ${PLEASE_CHECK}`,
    ),
  transactionNotExist: () =>
    new TcbApiError(
      'DATABASE_TRANSACTION_FAIL',
      `[ResourceUnavailable.TransactionNotExist] Transaction does not exist on the server, transaction must be commit or abort in 30 seconds. ${PLEASE_CHECK}`,
    ),
  transactionUnsupported: (what: string) =>
    new TcbApiError(
      'DATABASE_TRANSACTION_FAIL',
      `[InvalidParameter] ${what} is not supported in a transaction: only doc operations and add are. ${PLEASE_CHECK}`,
    ),
  timeout: () =>
    new TcbApiError(
      'DATABASE_TIMEOUT',
      '[FailedOperation.Timeout] Execution request timeout, Please check optimize your request(such as index)',
    ),
  functionExecuteFail: (message: string) => new TcbApiError('FUNCTIONS_EXECUTE_FAIL', message),
  unknownAction: (action: string) => new TcbApiError('INVALID_PARAM', `unknown action: ${action}`),
};
