/**
 * Reading the distribution rules. The first read in a new environment stores the defaults as
 * version 1 (idempotently: a fixed _id, a duplicate means another call stored them first), so
 * every order can reference a stored version.
 */
import { DEFAULT_RULES, type RulesDocument } from '@shared/rules';
import { getDoc, insertDoc } from './db';

export const RULES_ID = 'current';

export async function loadRules(): Promise<RulesDocument> {
  const stored = await getDoc('rules', RULES_ID);
  return stored ?? storeDefaultRules();
}

export async function storeDefaultRules(): Promise<RulesDocument> {
  const document: RulesDocument = {
    _id: RULES_ID,
    ...DEFAULT_RULES,
    version: 1,
    updatedAt: new Date(),
    updatedBy: 'system',
  };
  // History first: if the process dies between the two writes, the next call completes the pair.
  await insertDoc('rulesHistory', { ...document, _id: 'v1' });
  const outcome = await insertDoc('rules', document);
  if (outcome === 'inserted') return document;
  return (await getDoc('rules', RULES_ID)) as RulesDocument;
}

/**
 * The rules, or null when they cannot be read: for steps after a commit that must not fail the
 * call they follow (a courtesy message, a decision that is marked and finished later).
 */
export async function rulesOrNull(): Promise<RulesDocument | null> {
  try {
    return await loadRules();
  } catch (error) {
    console.error('the rules could not be read', error);
    return null;
  }
}
