/**
 * The payout sandbox's key for sensitive fields, as WeChat Pay holds one ("微信支付公钥"): the
 * merchant encrypts a field such as the payee's real name with its public key (RSAES-OAEP with
 * SHA-1 and MGF1) and names the key in the `Wechatpay-Serial` header; only WeChat Pay can
 * decrypt it. The pair is made on first use, once per emulator process (generating an RSA key
 * takes a moment, and most tests never need it); the functions receive the public half and its
 * id through their WXPAY_PLATFORM_* variables.
 */
import { constants, generateKeyPairSync, privateDecrypt, type KeyObject } from 'node:crypto';

/** The id of the sandbox's public key, as WeChat Pay names one (PUB_KEY_ID_ and 28 digits). */
const PLATFORM_KEY_ID = 'PUB_KEY_ID_0119000000012025030100000000';

export class PlatformKey {
  private pair: { publicKey: string; privateKey: KeyObject } | undefined;

  /** The public key (PEM) and its id, what a merchant downloads from the WeChat Pay console. */
  publicInfo(): { serial: string; publicKey: string } {
    if (!this.pair) {
      const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
      this.pair = {
        publicKey: pair.publicKey.export({ type: 'spki', format: 'pem' }) as string,
        privateKey: pair.privateKey,
      };
    }
    return { serial: PLATFORM_KEY_ID, publicKey: this.pair.publicKey };
  }

  /** The plain text of a field encrypted for `serial`, or why it cannot be read (a PARAM_ERROR message). */
  decrypt(ciphertext: string, serial: unknown): { plain: string } | { problem: string } {
    const { serial: expected } = this.publicInfo();
    if (serial !== expected) return { problem: `Wechatpay-Serial 须为加密敏感字段所用的微信支付公钥 ID (${expected})` };
    try {
      const plain = privateDecrypt(
        { key: this.pair?.privateKey as KeyObject, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
        Buffer.from(ciphertext, 'base64'),
      ).toString('utf8');
      if (plain.trim() !== '') return { plain };
    } catch {
      // Not encrypted with this key, or not with RSAES-OAEP: answered below.
    }
    return { problem: '解密失败，请使用微信支付公钥以 RSAES-OAEP 加密' };
  }
}
