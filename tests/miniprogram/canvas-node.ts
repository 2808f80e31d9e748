/**
 * A 2d canvas node for pages that draw (推广海报): what the page finds when it queries its canvas,
 * around a context the caller records with. Images load as soon as their `src` is set.
 */
import { wx } from './helpers';

export function canvasNode(context: object) {
  return {
    width: 0,
    height: 0,
    getContext: () => context,
    createImage: () => {
      const image = { src: '', onload: null as null | (() => void), onerror: null as null | (() => void) };
      return new Proxy(image, {
        set(target, key, value) {
          (target as Record<string | symbol, unknown>)[key] = value;
          if (key === 'src') setTimeout(() => target.onload?.(), 0);
          return true;
        },
      });
    },
  };
}

/** Hands the page `canvas` (and a pixel ratio of 2) when it queries its canvas node. */
export function provideCanvas(canvas: unknown): void {
  const query = {
    select: () => query,
    fields: () => query,
    exec: (callback: (answers: unknown[]) => void) => setTimeout(() => callback([{ node: canvas }]), 0),
  };
  wx.createSelectorQuery = jest.fn(() => query);
  wx.getWindowInfo = jest.fn(() => ({ pixelRatio: 2 }));
}
