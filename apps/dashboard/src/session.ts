import type { Group } from './api/types';

/**
 * The signed-in key lives in sessionStorage only: it is gone when the tab closes, is never written to
 * localStorage or a cookie, and is sent only to this origin.
 */
export interface Session {
  readonly key: string;
  readonly group: Pick<Group, 'id' | 'name' | 'plan' | 'type' | 'status'>;
}

const SESSION = 'onescale.session';
const POSITION = 'onescale.position';

export function loadSession(): Session | null {
  try {
    const value = JSON.parse(sessionStorage.getItem(SESSION) ?? 'null') as Session | null;
    return value && typeof value.key === 'string' && typeof value.group?.id === 'string' ? value : null;
  } catch {
    return null;
  }
}

export const saveSession = (session: Session): void => sessionStorage.setItem(SESSION, JSON.stringify(session));

export function clearSession(): void {
  sessionStorage.removeItem(SESSION);
  sessionStorage.removeItem(POSITION);
}

/** The position of the latest write made here: reads wait for it (read-your-writes after an import). */
export const lastPosition = (): number | undefined => {
  const value = Number(sessionStorage.getItem(POSITION));
  return Number.isFinite(value) && value > 0 ? value : undefined;
};

export const rememberPosition = (position: number | null): void => {
  if (position !== null && position > (lastPosition() ?? -1)) sessionStorage.setItem(POSITION, String(position));
};
