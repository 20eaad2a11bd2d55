#!/usr/bin/env ruby
# frozen_string_literal: true
#
# Races or explores your own Active Record call on your own table, with no protocol code of yours.
#
#   dbrace run --rails 'Tagging.tag!' --require app/models/tagging.rb --table tags --key-columns name
#
# dbrace starts this file itself (it travels inside dbrace's jar), in --project (default: the current folder).
# --require paths are taken from there.
# It connects Active Record to the server dbrace names (through its statement gate) with your configuration:
# config/database.yml's entry for RAILS_ENV (default development) where there is one, else DATABASE_URL, else
# the server's own adapter (mysql2, postgresql); its host, port, database, username and password are dbrace's,
# every other setting (pool, variables, prepared_statements, ...) stays yours, and the level is set only where
# dbrace is asked for one. Then it requires each --require file, and calls the class method you name once a
# call:
#
#   Tagging.tag!(name: ..., [state: true|false])
#
# one keyword per key column, and state only where the method takes such a keyword. Your method says nothing
# about what it did: through dbrace's statement gate, a call created the row when an INSERT of it committed,
# and found it when it returned without one. An exception it lets out is the caller's:
# ActiveRecord::RecordNotFound is does_not_exist, RecordNotUnique integrity_error, any other an error with the
# driver's code.
require "json"
require "yaml"
require "erb"
require "uri"
require "active_record"

def send_line(message)
  $stdout.write(JSON.generate(message) + "\n")
  $stdout.flush
end

call = nil
requires = []
args = ARGV.dup
until args.empty?
  case (a = args.shift)
  when "--call" then call = args.shift
  when "--require" then requires << args.shift
  when "--project" then Dir.chdir(args.shift)
  else
    warn "dbrace_rails: unknown argument #{a}"
    exit 2
  end
end
unless call&.include?(".")
  warn "dbrace_rails: name the call as Class.method, e.g. --call 'Tagging.tag!'"
  exit 2
end

hello = JSON.parse($stdin.gets)
t = hello.fetch("target")
level = hello["isolation"]
own = { "adapter" => t["family"] == "postgresql" ? "postgresql" : "mysql2" }
env = ENV.fetch("RAILS_ENV", "development")
if File.exist?("config/database.yml")
  own = YAML.safe_load(ERB.new(File.read("config/database.yml")).result, aliases: true).fetch(env)
elsif ENV["DATABASE_URL"]
  own = ActiveRecord::DatabaseConfigurations::ConnectionUrlResolver.new(ENV["DATABASE_URL"]).to_hash
                                                                   .transform_keys(&:to_s)
end
config = own.merge("host" => t["host"], "port" => t["port"], "database" => t["database"], "username" => t["user"],
                   "password" => ENV.fetch("DBRACE_PASSWORD", ""))
config.delete("url")
fits = t["family"] == "postgresql" ? config["adapter"].to_s.start_with?("postg") : config["adapter"].to_s =~ /mysql|trilogy/
unless fits
  warn "dbrace_rails: your configuration's adapter #{config["adapter"]} does not speak to #{t["product"]}; using " \
       "#{own_adapter = t["family"] == "postgresql" ? "postgresql" : "mysql2"} for this race"
  config["adapter"] = own_adapter
end
ActiveRecord::Base.establish_connection(config)
connection = ActiveRecord::Base.connection
mysql = connection.adapter_name.downcase.start_with?("mysql")
if level
  sql_level = level.tr("-", " ").upcase
  connection.execute(mysql ? "SET SESSION TRANSACTION ISOLATION LEVEL #{sql_level}"
                           : "SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL #{sql_level}")
end
requires.each { |r| require File.expand_path(r) }
owner, _, name = call.rpartition(".")
target = Object.const_get(owner)
method = target.method(name)
with_state = method.parameters.any? { |kind, n| n == :state || kind == :keyrest }

def error_of(e)
  cause = e.respond_to?(:cause) && e.cause ? e.cause : e
  code = cause.respond_to?(:error_number) ? cause.error_number : nil
  state = if cause.respond_to?(:sql_state) then cause.sql_state
          elsif cause.respond_to?(:result) && cause.result then cause.result.error_field(PG::PG_DIAG_SQLSTATE)
          end
  { "class" => e.class.name, "code" => code, "sqlstate" => state, "message" => e.message.lines.first.to_s.strip[0, 300] }
end

actual = ActiveRecord::Base.transaction do
  connection.select_value(mysql ? "SELECT @@SESSION.tx_isolation" : "SHOW transaction_isolation")
end
send_line(type: "ready", isolation: actual.to_s.downcase.tr(" ", "-"))

while (line = $stdin.gets)
  msg = JSON.parse(line)
  break if msg["type"] == "stop"

  kw = msg["key"].transform_keys(&:to_sym)
  kw[:state] = msg["state"] if with_state
  begin
    method.call(**kw)
    result = { outcome: "returned" }
  rescue ActiveRecord::RecordNotFound => e
    result = { outcome: "does_not_exist", error: error_of(e) }
  rescue ActiveRecord::RecordNotUnique => e
    result = { outcome: "integrity_error", error: error_of(e) }
  rescue StandardError => e # another database error, a failed validation, ...: the caller's exception
    result = { outcome: "error", error: error_of(e) }
  end
  send_line(result.merge(type: "result", seq: msg["seq"]))
end
