// The command phase's dispatch: the handler of every command byte. The table is a Record over
// every COM_* code, so a new code fails the build until it is given a handler.

import { Command } from '../constants/commands.js';
import type { CommandCode } from '../constants/commands.js';
import type { Connection } from '../connection.js';
import type { PayloadReader } from '../payload-reader.js';
import { changeUser } from './change-user.js';
import { fieldList } from './field-list.js';
import { initDb } from './init-db.js';
import { ping } from './ping.js';
import { processInfo } from './process-info.js';
import { processKill } from './process-kill.js';
import { query } from './query.js';
import { quit } from './quit.js';
import { resetConnection } from './reset-connection.js';
import { setOption } from './set-option.js';
import { statistics } from './statistics.js';
import { stmtClose } from './stmt-close.js';
import { stmtExecute } from './stmt-execute.js';
import { stmtFetch } from './stmt-fetch.js';
import { stmtPrepare } from './stmt-prepare.js';
import { stmtReset } from './stmt-reset.js';
import { stmtSendLongData } from './stmt-send-long-data.js';
import { unknownCommand } from './unknown-command.js';

/** Writes its response into conn.writer; the connection flushes it when the handler returns. */
export type CommandHandler = (conn: Connection, reader: PayloadReader) => void | Promise<void>;

const HANDLERS: Record<CommandCode, CommandHandler> = {
  [Command.SLEEP]: unknownCommand,
  [Command.QUIT]: quit,
  [Command.INIT_DB]: initDb,
  [Command.QUERY]: query,
  [Command.FIELD_LIST]: fieldList,
  [Command.CREATE_DB]: unknownCommand,
  [Command.DROP_DB]: unknownCommand,
  [Command.REFRESH]: unknownCommand,
  [Command.SHUTDOWN]: unknownCommand,
  [Command.STATISTICS]: statistics,
  [Command.PROCESS_INFO]: processInfo,
  [Command.CONNECT]: unknownCommand,
  [Command.PROCESS_KILL]: processKill,
  [Command.DEBUG]: unknownCommand,
  [Command.PING]: ping,
  [Command.TIME]: unknownCommand,
  [Command.DELAYED_INSERT]: unknownCommand,
  [Command.CHANGE_USER]: changeUser,
  [Command.BINLOG_DUMP]: unknownCommand,
  [Command.TABLE_DUMP]: unknownCommand,
  [Command.CONNECT_OUT]: unknownCommand,
  [Command.REGISTER_SLAVE]: unknownCommand,
  [Command.STMT_PREPARE]: stmtPrepare,
  [Command.STMT_EXECUTE]: stmtExecute,
  [Command.STMT_SEND_LONG_DATA]: stmtSendLongData,
  [Command.STMT_CLOSE]: stmtClose,
  [Command.STMT_RESET]: stmtReset,
  [Command.SET_OPTION]: setOption,
  [Command.STMT_FETCH]: stmtFetch,
  [Command.DAEMON]: unknownCommand,
  [Command.BINLOG_DUMP_GTID]: unknownCommand,
  [Command.RESET_CONNECTION]: resetConnection,
};

const BY_CODE: ReadonlyArray<CommandHandler | undefined> = (() => {
  const table: Array<CommandHandler | undefined> = [];
  for (const [code, handler] of Object.entries(HANDLERS)) table[Number(code)] = handler;
  return table;
})();

/** Runs the handler of `code` (-1 for an empty packet). */
export function dispatchCommand(
  conn: Connection,
  reader: PayloadReader,
  code: number,
): void | Promise<void> {
  if (code < 0) return unknownCommand();
  conn.context.counters.commands[code]!++;
  const handler = BY_CODE[code] ?? unknownCommand;
  return handler(conn, reader);
}
