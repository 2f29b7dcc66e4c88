export * from './archival-requests.dto';
export * from './archival-responses.dto';
