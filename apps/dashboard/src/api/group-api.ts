import { lastPosition, type Session } from '../session';
import { call, withQuery, type Query } from './client';

/** Paths of the signed-in group, and reads that wait for this tab's latest write (minPosition). */
export const groupPath = (session: Session, rest = ''): string => `/v1/groups/${encodeURIComponent(session.group.id)}${rest}`;

export const getJson = <T>(session: Session, path: string, query: Query = {}): Promise<T> =>
  call<T>(session.key, 'GET', withQuery(path, query));

export const readFresh = <T>(session: Session, rest: string, query: Query = {}): Promise<T> =>
  getJson<T>(session, groupPath(session, rest), { ...query, minPosition: lastPosition() });

export const postJson = <T>(session: Session, path: string, body: unknown = {}): Promise<T> => call<T>(session.key, 'POST', path, body);
