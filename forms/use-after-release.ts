'use client';
/**
 * Runs a callback once no pointer button is held. Errors shown when a field is left (blur) add a
 * line under the field and move what is below it; when the field was left by pressing the mouse
 * on something further down (a radio button, 提交), that something moves between the press and
 * the release, and the click is lost. Deferring the verdict until the press is over (after its
 * click) keeps the layout still under the user's pointer; leaving by keyboard is not deferred.
 */
import { useCallback, useEffect, useRef } from 'react';

export function useAfterPointerRelease(): (fn: () => void) => void {
  const pressed = useRef(false);
  const waiting = useRef<(() => void)[]>([]);
  useEffect(() => {
    const down = () => {
      pressed.current = true;
    };
    const up = () => {
      pressed.current = false;
      const due = waiting.current.splice(0);
      // After this task: the click that the release completes is dispatched first.
      if (due.length) setTimeout(() => due.forEach((f) => f()), 0);
    };
    document.addEventListener('pointerdown', down, true);
    document.addEventListener('pointerup', up, true);
    document.addEventListener('pointercancel', up, true);
    return () => {
      document.removeEventListener('pointerdown', down, true);
      document.removeEventListener('pointerup', up, true);
      document.removeEventListener('pointercancel', up, true);
    };
  }, []);
  return useCallback((fn: () => void) => {
    if (pressed.current) waiting.current.push(fn);
    else fn();
  }, []);
}
