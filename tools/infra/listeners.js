'use strict';
// Who holds a TCP port, read from /proc (Linux): `up` names a process it did not start instead of
// only saying "taken", and `status`/`down` recognise a server of ours by its recorded pid.
const fs = require('node:fs');

const LISTEN = '0A';

/** Socket inodes listening on `port` in the text of /proc/net/tcp or /proc/net/tcp6. */
function listeningInodes(procNetTcp, port) {
  const inodes = [];
  for (const line of procNetTcp.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10 || fields[3] !== LISTEN) continue;
    const localPort = parseInt(fields[1].split(':')[1], 16);
    if (localPort === port) inodes.push(fields[9]);
  }
  return inodes;
}

function read(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** A process's command line with its arguments, or null when it is gone or not ours to read. */
function commandOf(pid) {
  const raw = read(`/proc/${pid}/cmdline`);
  return raw ? raw.replace(/\0+$/, '').split('\0').join(' ') : null;
}

/**
 * The process listening on `port`: `{ pid, command }`, `{ pid: null }` when the port is held but the
 * holder is not visible to this user, or null when /proc says nobody listens.
 */
function portHolder(port) {
  const inodes = new Set([...listeningInodes(read('/proc/net/tcp'), port), ...listeningInodes(read('/proc/net/tcp6'), port)]);
  if (inodes.size === 0) return null;
  const sockets = new Set([...inodes].map((inode) => `socket:[${inode}]`));
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fds;
    try {
      fds = fs.readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let target;
      try {
        target = fs.readlinkSync(`/proc/${entry}/fd/${fd}`);
      } catch {
        continue;
      }
      if (sockets.has(target)) return { pid: Number(entry), command: commandOf(entry) };
    }
  }
  return { pid: null, command: null };
}

/** "pid 123 (java -cp …)" for messages, the command cut to a readable length. */
function describeHolder(holder) {
  if (!holder?.pid) return 'a process this user cannot see';
  const command = holder.command ?? '?';
  return `pid ${holder.pid} (${command.length > 120 ? `${command.slice(0, 117)}…` : command})`;
}

module.exports = { listeningInodes, commandOf, portHolder, describeHolder };
