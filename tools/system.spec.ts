const { appPorts, DEFAULT_PORTS } = require('./system') as {
  appPorts(base?: string): Record<string, number>;
  DEFAULT_PORTS: Record<string, number>;
};

describe('appPorts', () => {
  it('keeps 3000-3005 unless a gateway port is chosen', () => {
    expect(appPorts(undefined)).toEqual(DEFAULT_PORTS);
  });

  it('puts the other apps on the five ports after the chosen gateway port', () => {
    expect(appPorts('3200')).toEqual({ gateway: 3200, ingest: 3201, metrics: 3202, quota: 3203, archiver: 3204, notifier: 3205 });
  });

  it('refuses what is not a port', () => {
    expect(() => appPorts('web')).toThrow('ONESCALE_APP_PORT must be a port number');
    expect(() => appPorts('65531')).toThrow('ONESCALE_APP_PORT must be a port number');
  });
});
