/** Address ids, views and refusal messages. */
import { createHash } from 'node:crypto';
import type { AddressDocument, AddressError, AddressView } from '@shared/contracts/address';
import { MAX_ADDRESSES } from '@shared/contracts/address';
import { fail, type Result } from '@shared/result';

/**
 * The id of the address a create with `requestId` makes: the same for every retry of that
 * create, different for every user, and short (placeOrder takes ids of at most 64 characters).
 */
export function addressId(openid: string, requestId: string): string {
  return `addr_${createHash('sha256').update(`${openid}\n${requestId}`).digest('hex').slice(0, 24)}`;
}

export function addressView(doc: AddressDocument, isDefault = doc.isDefault): AddressView {
  return {
    id: doc._id,
    name: doc.name,
    phone: doc.phone,
    province: doc.province,
    city: doc.city,
    district: doc.district,
    detail: doc.detail,
    isDefault,
    createdAt: new Date(doc.createdAt).toISOString(),
    updatedAt: new Date(doc.updatedAt).toISOString(),
  };
}

const MESSAGES: Partial<Record<AddressError, string>> = {
  ADDRESS_NOT_FOUND: '收货地址不存在',
  ADDRESS_LIMIT: `最多保存 ${MAX_ADDRESSES} 个收货地址，请先删除不用的地址`,
};

export function refuse<T>(code: AddressError): Result<T, AddressError> {
  return fail(code, MESSAGES[code] ?? code);
}
