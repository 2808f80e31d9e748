/**
 * The address form checked with the shared zod contract (AddressSaveInput of
 * shared/contracts/address.ts), the same schema the `address` function parses with, so what
 * the page accepts the server accepts. The server checks again; its answer is what counts.
 * Each refused field gets one Chinese message.
 */
import { AddressSaveInput } from '@shared/contracts/address';

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

const FIELD_MESSAGES: Readonly<Record<string, [keyof AddressFormErrors, string]>> = {
  name: ['name', '请填写收货人（1-25 个字）'],
  phone: ['phone', '请填写正确的手机号码'],
  province: ['region', '请选择所在地区'],
  city: ['region', '请选择所在地区'],
  district: ['region', '请选择所在地区'],
  detail: ['detail', '请填写详细地址（1-100 个字）'],
};

export type CheckedForm = { ok: true; input: AddressSaveInput } | { ok: false; errors: AddressFormErrors };

/** The save input for this form (`id` to edit, else `requestId` to create), or the refused fields. */
export function checkAddressForm(form: AddressForm, target: { id: string } | { requestId: string }): CheckedForm {
  const parsed = AddressSaveInput.safeParse({ ...target, ...form });
  if (parsed.success) return { ok: true, input: parsed.data };
  const errors: AddressFormErrors = {};
  for (const issue of parsed.error.issues) {
    const entry = FIELD_MESSAGES[String(issue.path[0])];
    if (entry && !errors[entry[0]]) errors[entry[0]] = entry[1];
  }
  return { ok: false, errors };
}
