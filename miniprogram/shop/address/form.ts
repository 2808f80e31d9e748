/**
 * The address form's checks on the page: the rules of the shared contract (AddressSaveInput
 * of shared/contracts/address.ts, which the `address` function parses with), written out
 * here because importing the contract as a value would bring zod (about 470 KB) into the
 * mini-program. tests/miniprogram/shop-buy-address-contract.test.ts holds this check to the
 * contract's verdicts and normalised values, so what the page accepts the server accepts.
 * The server checks again; its answer is what counts. Each refused field gets one message.
 */
import type { AddressSaveInput } from '@shared/contracts/address';

export interface AddressForm {
  name: string;
  phone: string;
  province: string;
  city: string;
  district: string;
  detail: string;
  isDefault: boolean;
}

export type AddressFormErrors = Partial<Record<'name' | 'phone' | 'region' | 'detail', string>>;

export type CheckedForm = { ok: true; input: AddressSaveInput } | { ok: false; errors: AddressFormErrors };

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** Trimmed text of min-max characters (code points) without control characters, as Text(min, max); null when refused. */
function text(raw: string, min: number, max: number): string | null {
  const trimmed = raw.trim();
  const length = Array.from(trimmed).length;
  return length >= min && length <= max && !CONTROL_CHARACTERS.test(trimmed) ? trimmed : null;
}

/** MainlandMobile: spaces, dashes and a +86 / 86 prefix removed, then 1[3-9] and 9 more digits. */
function mobile(raw: string): string | null {
  const phone = raw.replace(/[\s-]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '');
  return /^1[3-9]\d{9}$/.test(phone) ? phone : null;
}

/** The save input for this form (`id` to edit, else `requestId` to create), or the refused fields. */
export function checkAddressForm(form: AddressForm, target: { id: string } | { requestId: string }): CheckedForm {
  const name = text(form.name, 1, 25);
  const phone = mobile(form.phone);
  const province = text(form.province, 1, 20);
  const city = text(form.city, 1, 20);
  const district = text(form.district, 0, 20);
  const detail = text(form.detail, 1, 100);
  const errors: AddressFormErrors = {};
  if (name === null) errors.name = '请填写收货人（1-25 个字）';
  if (phone === null) errors.phone = '请填写正确的手机号码';
  if (province === null || city === null || district === null) errors.region = '请选择所在地区';
  if (detail === null) errors.detail = '请填写详细地址（1-100 个字）';
  if (name === null || phone === null || province === null || city === null || district === null || detail === null)
    return { ok: false, errors };
  return { ok: true, input: { ...target, name, phone, province, city, district, detail, isDefault: form.isDefault } };
}
