'use strict';
// Apache Kafka in KRaft mode (one combined broker and controller), run from Maven Central jars.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { cacheRoot, infraDir, VERSIONS, ports } = require('./paths');
const { run, runAsync, hasCommand, startDetached } = require('./process');

const version = VERSIONS.kafka;
const libsDir = path.join(cacheRoot, `kafka-${version}`, 'libs');
const classpath = `${libsDir}/*`;

function javaMajor() {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  const match = /version "(\d+)/.exec(`${result.stderr}${result.stdout}`);
  return match ? Number(match[1]) : 0;
}

function checkToolchain() {
  const problems = [];
  if (!hasCommand('java') || javaMajor() < 17) problems.push('Kafka needs Java 17 or newer on PATH (install openjdk-17-jre-headless).');
  if (!fs.existsSync(path.join(libsDir, '.complete')) && !hasCommand('mvn')) problems.push('Kafka is fetched with Maven: install maven (apt-get install maven).');
  return problems;
}

async function provision() {
  if (fs.existsSync(path.join(libsDir, '.complete'))) return false;
  fs.mkdirSync(libsDir, { recursive: true });
  await runAsync('mvn', ['-q', '-B', '-f', path.join(__dirname, 'kafka', 'pom.xml'), 'dependency:copy-dependencies', `-DoutputDirectory=${libsDir}`, '-DincludeScope=runtime']);
  fs.writeFileSync(path.join(libsDir, '.complete'), version);
  return true;
}

function writeConfig(dir) {
  const { kafka, kafkaController } = ports();
  const dataDir = path.join(dir, 'data');
  fs.mkdirSync(dataDir, { recursive: true });
  const properties = [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${kafkaController}`,
    `listeners=PLAINTEXT://127.0.0.1:${kafka},CONTROLLER://127.0.0.1:${kafkaController}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${kafka}`,
    'inter.broker.listener.name=PLAINTEXT',
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    `log.dirs=${dataDir}`,
    'num.partitions=3',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=3',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    // Topics are declared by the services from the topic registry, with their partition counts.
    'auto.create.topics.enable=false',
    // Event time can be years old; retention must follow the ingest time (the record timestamp).
    'log.message.timestamp.type=CreateTime',
    'log.retention.hours=168',
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'server.properties'), `${properties}\n`);
  fs.writeFileSync(
    path.join(dir, 'log4j2.properties'),
    [
      'appender.console.type=Console',
      'appender.console.name=STDOUT',
      'appender.console.layout.type=PatternLayout',
      'appender.console.layout.pattern=[%d] %p %m (%c)%n',
      'rootLogger.level=warn',
      'rootLogger.appenderRef.stdout.ref=STDOUT',
      'logger.kafka.name=kafka.server.KafkaRaftServer',
      'logger.kafka.level=info',
    ].join('\n') + '\n',
  );
}

function start() {
  const dir = infraDir('kafka');
  writeConfig(dir);
  const config = path.join(dir, 'server.properties');
  if (!fs.existsSync(path.join(dir, 'data', 'meta.properties'))) {
    // A fixed cluster id keeps the local broker reproducible; format is skipped once done.
    run('java', ['-Xmx256m', '-cp', classpath, 'kafka.tools.StorageTool', 'format', '-t', 'b25lc2NhbGUtbG9jYWwt', '-c', config, '--ignore-formatted'], {
      stdio: 'ignore',
    });
  }
  return startDetached('kafka', 'java', [
    '-Xms256m',
    '-Xmx768m',
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${path.join(dir, 'log4j2.properties')}`,
    `-Dkafka.logs.dir=${path.join(dir, 'logs')}`,
    '-cp',
    classpath,
    'kafka.Kafka',
    config,
  ]);
}

async function ready(brokers) {
  const { Kafka, logLevel } = require('kafkajs');
  const admin = new Kafka({ clientId: 'onescale-infra', brokers, logLevel: logLevel.NOTHING, retry: { retries: 0 } }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

module.exports = {
  name: 'kafka',
  label: 'Apache Kafka (KRaft)',
  version,
  envOverride: () => process.env.KAFKA_BROKERS,
  port: () => ports().kafka,
  extraPorts: () => [ports().kafkaController],
  checkToolchain,
  provision,
  start,
  ready: () => ready([`127.0.0.1:${ports().kafka}`]),
  readyTimeoutMs: 90000,
  env: () => ({ KAFKA_BROKERS: `127.0.0.1:${ports().kafka}` }),
};
