/**
 * The address form's page-side check (miniprogram/shop/address/form.ts) against the shared
 * contract the address function parses with (AddressSaveInput): for any form, both accept or
 * both refuse, and an accepted form gives exactly the contract's normalised input. The page
 * cannot import the contract as a value (it would bring zod into the mini-program), so this is
 * what keeps the two from drifting apart.
 */
import fc from 'fast-check';
import { AddressSaveInput } from '@shared/contracts/address';

/** The page module, required by path so the mini-program's sources stay out of the Node type-check. */
interface AddressForm {
  name: string;
  phone: string;
  province: string;
  city: string;
  district: string;
  detail: string;
  isDefault: boolean;
}
type Checked = { ok: true; input: Record<string, unknown> } | { ok: false; errors: Record<string, string> };
const { checkAddressForm } = require('../../miniprogram/shop/address/form') as {
  checkAddressForm(form: AddressForm, target: { id: string } | { requestId: string }): Checked;
};

const piece = fc.constantFrom(
  '',
  ' ',
  '  ',
  '张',
  '三',
  'a',
  '1',
  '-',
  '+',
  '8',
  '6',
  '\u0007',
  '\t',
  '路',
  '😀',
  '区',
  '号',
);
const textOf = (maxPieces: number) => fc.array(piece, { maxLength: maxPieces }).map((parts) => parts.join(''));
const phone = fc.oneof(
  fc.constantFrom(
    '13800138000',
    '+86 138 0013 8000',
    '86-139-0000-0000',
    '12800138000',
    '1380013800',
    '138001380001',
    '+8613800138000',
    '',
  ),
  fc
    .array(fc.constantFrom('1', '3', '8', '0', ' ', '-', '+', '6', 'a'), { maxLength: 16 })
    .map((parts) => parts.join('')),
);

const form: fc.Arbitrary<AddressForm> = fc.record({
  name: textOf(30),
  phone,
  province: fc.oneof(fc.constantFrom('浙江省', ''), textOf(24)),
  city: fc.oneof(fc.constantFrom('杭州市', ''), textOf(24)),
  district: fc.oneof(fc.constantFrom('西湖区', ''), textOf(24)),
  detail: fc.oneof(fc.constantFrom('文三路 1 号', ''), textOf(110)),
  isDefault: fc.boolean(),
});

describe('shop/address/form.ts checks like AddressSaveInput', () => {
  it('accepts and refuses the same forms, and normalises them the same way', () => {
    fc.assert(
      fc.property(form, fc.boolean(), (candidate, editing) => {
        const target = editing ? { id: 'addr_1' } : { requestId: 'req-12345678' };
        const page = checkAddressForm(candidate, target);
        const contract = AddressSaveInput.safeParse({ ...target, ...candidate });
        expect(page.ok).toBe(contract.success);
        if (page.ok && contract.success) expect(page.input).toEqual(contract.data);
      }),
      { numRuns: 2000 },
    );
  });

  it('names each refused field once', () => {
    const empty = { name: '', phone: '', province: '', city: '', district: '', detail: '', isDefault: false };
    expect(checkAddressForm(empty, { requestId: 'req-12345678' })).toEqual({
      ok: false,
      errors: {
        name: '请填写收货人（1-25 个字）',
        phone: '请填写正确的手机号码',
        region: '请选择所在地区',
        detail: '请填写详细地址（1-100 个字）',
      },
    });
  });
});
