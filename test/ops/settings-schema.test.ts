// Settings are validated by their schemas (src/config/schema.ts): text with units becomes the
// stored value, anything else is an error naming the setting and its allowed range, and a
// declaration whose own default breaks its range fails when the settings are built.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { Settings, SettingError } from '../../src/config/index.js';
import type { SettingDefinition } from '../../src/config/index.js';

function rejection(settings: Settings, name: string, value: unknown): string {
  try {
    settings.setInitial(name, value);
  } catch (error) {
    assert.ok(error instanceof SettingError);
    return error.message;
  }
  assert.fail(`${name} = ${String(value)} was accepted`);
}

describe('setting schemas', () => {
  it('read sizes and durations with units', () => {
    const settings = new Settings();
    settings.setInitial('write_buffer_size', '32M');
    settings.setInitial('writing_throttling_maximum_duration', '90m');
    settings.setInitial('long_query_time', '0.25');
    assert.equal(settings.getNumber('write_buffer_size'), 32 * 1024 * 1024);
    assert.equal(settings.getNumber('writing_throttling_maximum_duration'), 90 * 60_000);
    assert.equal(settings.getNumber('long_query_time'), 0.25);
  });

  it('read booleans and enums in any case', () => {
    const settings = new Settings();
    settings.setInitial('slow_query_log', 'on');
    settings.setInitial('log_format', 'JSON');
    assert.equal(settings.getBool('slow_query_log'), true);
    assert.equal(settings.getString('log_format'), 'json');
  });

  it('name the setting and the range of an out-of-range value', () => {
    assert.equal(
      rejection(new Settings(), 'status_port', 70000),
      "invalid value '70000' for setting 'status_port': expected 0 to 65535",
    );
    assert.equal(
      rejection(new Settings(), 'write_buffer_size', '1K'),
      "invalid value '1K' for setting 'write_buffer_size': expected 1048576 to 4294967296 bytes",
    );
  });

  it('name the allowed values of an enum', () => {
    assert.equal(
      rejection(new Settings(), 'log_level', 'loud'),
      "invalid value 'loud' for setting 'log_level': expected one of error, warn, info, debug",
    );
  });

  it('reject text that is not a number for a number', () => {
    assert.match(rejection(new Settings(), 'long_query_time', 'slow'), /expected 0 to 31536000/);
    assert.match(rejection(new Settings(), 'max_connections', '1.5'), /max_connections/);
  });

  it('suggest the setting a typo most likely meant', () => {
    const settings = new Settings();
    assert.equal(settings.suggest('max_conections'), 'max_connections');
    assert.equal(settings.suggest('slow-query-logg'), 'slow_query_log');
    assert.equal(settings.suggest('completely_unrelated'), undefined);
  });

  it('refuse a declaration whose default is outside its own range', () => {
    const broken: SettingDefinition = {
      name: 'broken_setting',
      type: 'int',
      default: 5,
      min: 10,
      max: 20,
      scope: 'global',
      dynamic: false,
      description: 'A declaration with a mistake.',
    };
    assert.throws(() => new Settings([broken]), /setting 'broken_setting' is declared wrongly/);
  });

  it('refuse an enum declared without its values', () => {
    const broken: SettingDefinition = {
      name: 'broken_enum',
      type: 'enum',
      default: 'a',
      scope: 'global',
      dynamic: false,
      description: 'An enum without values.',
    };
    assert.throws(() => new Settings([broken]), /an enum needs its values/);
  });
});
