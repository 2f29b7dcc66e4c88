import { checkWebhookUrl, isDeliverableAddress, isForbiddenAddress } from './webhook-url';

describe('checkWebhookUrl', () => {
  it.each([
    'https://hooks.example.com/onescale',
    'https://93.184.216.34/x',
    'http://127.0.0.1:8080/hook',
    'http://localhost/hook',
    'http://[::1]:9000/',
  ])('accepts %s', (url) => {
    expect(checkWebhookUrl(url).ok).toBe(true);
  });

  it.each([
    ['http://hooks.example.com/x', /must use https:\/\//],
    ['http://10.0.0.5/x', /must use https:\/\//],
    ['ftp://example.com/x', /must use https:\/\//],
    ['https://10.1.2.3/x', /private, link-local or reserved address \(10\.1\.2\.3\)/],
    ['https://172.16.0.1/x', /private/],
    ['https://172.31.255.255/x', /private/],
    ['https://192.168.1.1/x', /private/],
    ['https://169.254.169.254/latest/meta-data', /private/],
    ['https://100.64.0.1/x', /private/],
    ['https://0.0.0.0/x', /private/],
    ['https://[fd00::1]/x', /private/],
    ['https://[fe80::1]/x', /private/],
    ['https://[::ffff:192.168.0.1]/x', /private/],
    ['https://[::ffff:a00:1]/x', /private/],
    // The URL parser reads these as IPv4 literals: 0xa.1 is 10.0.0.1, 3232235777 is 192.168.1.1.
    ['https://0xa.1/x', /private/],
    ['https://3232235777/x', /private/],
    ['https://user:pw@example.com/x', /credentials/],
    ['not a url', /absolute URL/],
  ])('refuses %s with the field', (url, reason) => {
    const checked = checkWebhookUrl(url);
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.problem).toEqual({ code: 'validation_failed', path: 'url', message: expect.stringMatching(reason) });
  });

  it('a public address at the edge of a private range is accepted', () => {
    expect(checkWebhookUrl('https://172.32.0.1/x').ok).toBe(true);
    expect(checkWebhookUrl('https://192.169.0.1/x').ok).toBe(true);
  });
});

describe('isDeliverableAddress (what a name resolved to at delivery time)', () => {
  it('refuses a public name that resolves to a private or link-local address', () => {
    expect(isDeliverableAddress('hooks.example.com', '10.0.0.7')).toBe(false);
    expect(isDeliverableAddress('hooks.example.com', '169.254.169.254')).toBe(false);
    expect(isDeliverableAddress('hooks.example.com', 'fd12::3')).toBe(false);
    expect(isDeliverableAddress('hooks.example.com', '::ffff:10.0.0.7')).toBe(false);
  });

  it('refuses a public name that resolves to loopback, accepts loopback names', () => {
    expect(isDeliverableAddress('hooks.example.com', '127.0.0.1')).toBe(false);
    expect(isDeliverableAddress('localhost', '127.0.0.1')).toBe(true);
    expect(isDeliverableAddress('localhost', '::1')).toBe(true);
    expect(isDeliverableAddress('127.0.0.1', '127.0.0.1')).toBe(true);
  });

  it('accepts a public address', () => {
    expect(isDeliverableAddress('hooks.example.com', '93.184.216.34')).toBe(true);
    expect(isDeliverableAddress('hooks.example.com', '2606:2800:220:1::')).toBe(true);
    expect(isForbiddenAddress('2606:2800:220:1::')).toBe(false);
  });
});
