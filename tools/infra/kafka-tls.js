'use strict';
// The local broker's second listener, SASL_SSL, as managed Kafka offerings expose it: TLS with a
// certificate signed by a local CA, and SCRAM (SHA-256, SHA-512) and PLAIN logins for one user.
// The CA and the broker's certificate are made once per machine with the JDK's keytool (Kafka needs
// the JDK anyway) and cached beside the Kafka jars; they name only 127.0.0.1 and localhost. The
// user's password is made per state folder.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { cacheRoot, infraDir } = require('./paths');
const { spawnSync } = require('node:child_process');
const { runAsync } = require('./process');

const USERNAME = 'onescale';
const SCRAM_MECHANISMS = ['SCRAM-SHA-256', 'SCRAM-SHA-512'];
const tlsDir = path.join(cacheRoot, 'kafka-tls');
const files = {
  caFile: path.join(tlsDir, 'ca.pem'),
  keystore: path.join(tlsDir, 'broker.p12'),
  storePassword: path.join(tlsDir, 'store-password'),
};
const userFile = () => path.join(infraDir('kafka'), 'sasl-user.json');

/** Makes the local CA and the broker's keystore, unless a complete set is cached. */
async function provisionTls() {
  if (fs.existsSync(path.join(tlsDir, '.complete'))) return false;
  fs.rmSync(tlsDir, { recursive: true, force: true });
  fs.mkdirSync(tlsDir, { recursive: true, mode: 0o700 });
  const password = crypto.randomBytes(18).toString('base64url');
  fs.writeFileSync(files.storePassword, password, { mode: 0o600 });
  const ca = path.join(tlsDir, 'ca.p12');
  const csr = path.join(tlsDir, 'broker.csr');
  const brokerPem = path.join(tlsDir, 'broker.pem');
  const keytool = (...args) => runAsync('keytool', [...args, '-storepass', password], { stdio: 'ignore' });
  const keyPair = (alias, dname, store, ...ext) =>
    keytool(
      '-genkeypair',
      '-alias',
      alias,
      '-keyalg',
      'EC',
      '-groupname',
      'secp256r1',
      '-dname',
      dname,
      '-validity',
      '3650',
      ...ext,
      '-keystore',
      store,
      '-storetype',
      'PKCS12',
    );
  await keyPair('ca', 'CN=onescale local CA', ca, '-ext', 'bc:c');
  await keytool('-exportcert', '-rfc', '-alias', 'ca', '-keystore', ca, '-file', files.caFile);
  await keyPair('broker', 'CN=localhost', files.keystore);
  await keytool('-certreq', '-alias', 'broker', '-keystore', files.keystore, '-file', csr);
  await keytool(
    '-gencert',
    '-alias',
    'ca',
    '-keystore',
    ca,
    '-infile',
    csr,
    '-outfile',
    brokerPem,
    '-rfc',
    '-validity',
    '3650',
    '-ext',
    'SAN=ip:127.0.0.1,dns:localhost',
    '-ext',
    'EKU=serverAuth',
  );
  await keytool('-importcert', '-noprompt', '-alias', 'ca', '-file', files.caFile, '-keystore', files.keystore);
  await keytool('-importcert', '-alias', 'broker', '-file', brokerPem, '-keystore', files.keystore);
  fs.rmSync(ca);
  fs.rmSync(csr);
  fs.writeFileSync(path.join(tlsDir, '.complete'), new Date().toISOString());
  return true;
}

/**
 * The listener's user, made on first use. `registered` says whether the broker holds its SCRAM
 * credentials: a data folder formatted now gets them from the format; one formatted earlier gets
 * them from `registerScramUser` once the broker is up.
 */
function saslUser({ formatting }) {
  const file = userFile();
  const known = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : null;
  const user = { username: USERNAME, password: crypto.randomBytes(18).toString('base64url'), ...known };
  user.registered = formatting || Boolean(known?.registered);
  fs.writeFileSync(file, JSON.stringify(user), { mode: 0o600 });
  return user;
}

const scramSpecs = ({ username, password }) => SCRAM_MECHANISMS.map((mechanism) => `${mechanism}=[name=${username},password=${password}]`);

/** server.properties lines of the SASL_SSL listener (its address is in `listeners`, set by the caller). */
function listenerProperties(user) {
  const jaas = (module, options = '') => `org.apache.kafka.common.security.${module} required${options};`;
  return [
    `sasl.enabled.mechanisms=${[...SCRAM_MECHANISMS, 'PLAIN'].join(',')}`,
    ...SCRAM_MECHANISMS.map((m) => `listener.name.sasl_ssl.${m.toLowerCase()}.sasl.jaas.config=${jaas('scram.ScramLoginModule')}`),
    `listener.name.sasl_ssl.plain.sasl.jaas.config=${jaas('plain.PlainLoginModule', ` user_${user.username}="${user.password}"`)}`,
    'ssl.keystore.type=PKCS12',
    `ssl.keystore.location=${files.keystore}`,
    `ssl.keystore.password=${fs.readFileSync(files.storePassword, 'utf8')}`,
    'ssl.client.auth=none',
  ];
}

/** `kafka-storage format` arguments that create the user's SCRAM credentials with the cluster. */
const formatArguments = (user) => scramSpecs(user).flatMap((spec) => ['--add-scram', spec]);

/** Gives a broker formatted before the listener existed the user's SCRAM credentials (the broker's own tool). */
function registerScramUser(classpath, bootstrap) {
  const user = JSON.parse(fs.readFileSync(userFile(), 'utf8'));
  if (user.registered) return;
  // One mechanism a request: the broker refuses to alter a user's credentials twice in one.
  for (const mechanism of SCRAM_MECHANISMS) {
    const config = `${mechanism}=[password=${user.password}]`;
    const args = [
      '-Xmx128m',
      '-cp',
      classpath,
      'kafka.admin.ConfigCommand',
      '--bootstrap-server',
      bootstrap,
      '--alter',
      '--add-config',
      config,
      '--entity-type',
      'users',
      '--entity-name',
      user.username,
    ];
    const result = spawnSync('java', args, { encoding: 'utf8' });
    if (result.status !== 0)
      throw new Error(`adding the SCRAM user failed: ${`${result.stdout}${result.stderr}`.trim().split('\n').slice(0, 2).join(' ')}`);
  }
  fs.writeFileSync(userFile(), JSON.stringify({ ...user, registered: true }), { mode: 0o600 });
}

/** What a client needs to reach the listener: for tests and for trying the TLS settings locally. */
function clientEnv(port) {
  const user = fs.existsSync(userFile()) ? JSON.parse(fs.readFileSync(userFile(), 'utf8')) : null;
  if (!user) return {};
  return {
    ONESCALE_LOCAL_KAFKA_TLS_BROKERS: `127.0.0.1:${port}`,
    ONESCALE_LOCAL_KAFKA_TLS_CA_FILE: files.caFile,
    ONESCALE_LOCAL_KAFKA_SASL_USERNAME: user.username,
    ONESCALE_LOCAL_KAFKA_SASL_PASSWORD: user.password,
  };
}

module.exports = { provisionTls, saslUser, listenerProperties, formatArguments, registerScramUser, clientEnv, caFile: files.caFile };
