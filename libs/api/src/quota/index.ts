export * from './quota-requests.dto';
export * from './quota-responses.dto';
