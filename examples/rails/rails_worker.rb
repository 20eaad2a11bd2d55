#!/usr/bin/env ruby
# frozen_string_literal: true
#
# A dbrace worker that races Active Record's own get-or-create methods.
#
#   dbrace run --worker '/usr/bin/ruby examples/rails/rails_worker.rb find_or_create_by'
#   dbrace run --worker '/usr/bin/ruby examples/rails/rails_worker.rb create_or_find_by --transaction'
#
# Needs Debian's ruby-activerecord (6.1) with ruby-mysql2 or ruby-pg. The pattern is the first
# argument:
#   find_or_create_by  find_by || create, with the caller's rescue ActiveRecord::RecordNotUnique and
#                      a re-find (find_by!), as the Rails guides suggest
#   create_or_find_by  Rails 6's INSERT first (in a savepoint), then find_by! on RecordNotUnique
# then update!(state:). With --transaction the whole call runs inside MyObj.transaction, as a
# controller action wrapped in one would; without it, each statement commits on its own.
# Errors Active Record raises inside a call, handled or not, are seen through the sql.active_record
# notifications and reported as db_errors.
require "json"
require "active_record"

def send_line(message)
  $stdout.write(JSON.generate(message) + "\n")
  $stdout.flush
end

pattern = ARGV[0] || "find_or_create_by"
outer = ARGV.include?("--transaction")
unless %w[find_or_create_by create_or_find_by].include?(pattern)
  warn "rails_worker: unknown pattern '#{pattern}'; use find_or_create_by or create_or_find_by"
  exit 2
end

hello = JSON.parse($stdin.gets)
t = hello.fetch("target")
level = hello["isolation"]
timeout_ms = hello.fetch("call_timeout_ms")
config = { host: t["host"], port: t["port"], database: t["database"], username: t["user"],
           password: ENV.fetch("DBRACE_PASSWORD", ""), pool: 1 }
if t["family"] == "mysql"
  config.merge!(adapter: "mysql2", variables: { innodb_lock_wait_timeout: [1, (timeout_ms / 1000.0).ceil].max })
else
  config.merge!(adapter: "postgresql", variables: { lock_timeout: timeout_ms })
end
ActiveRecord::Base.establish_connection(config)
connection = ActiveRecord::Base.connection
if level
  sql_level = level.tr("-", " ").upcase
  connection.execute(t["family"] == "mysql" ? "SET SESSION TRANSACTION ISOLATION LEVEL #{sql_level}"
                                            : "SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL #{sql_level}")
end

class MyObj < ActiveRecord::Base
end
MyObj.table_name = hello.fetch("tables").fetch("myobj")

# What the driver says of an error: mysql2 gives a vendor code and SQLState, pg a SQLState.
def error_of(e)
  cause = e.respond_to?(:cause) && e.cause ? e.cause : e
  code = cause.respond_to?(:error_number) ? cause.error_number : nil
  state = if cause.respond_to?(:sql_state) then cause.sql_state
          elsif cause.respond_to?(:result) && cause.result then cause.result.error_field(PG::PG_DIAG_SQLSTATE)
          end
  { "class" => e.class.name, "code" => code, "sqlstate" => state, "message" => e.message.lines.first.to_s.strip[0, 300] }
end

handled = []
ActiveSupport::Notifications.subscribe("sql.active_record") do |*, payload|
  handled << error_of(payload[:exception_object]) if payload[:exception_object].is_a?(ActiveRecord::StatementInvalid)
end

actual = MyObj.transaction do
  MyObj.connection.select_value(t["family"] == "mysql" ? "SELECT @@SESSION.tx_isolation" : "SHOW transaction_isolation")
end
send_line(type: "ready", isolation: actual.downcase.tr(" ", "-"))

get_or_create = lambda do |key, state|
  MyObj.where(owner_id: key["owner_id"]).count if hello["prior_read"]
  attrs = { thing_id: key["thing_id"], owner_id: key["owner_id"] }
  if pattern == "create_or_find_by"
    obj = MyObj.create_or_find_by!(attrs) { |o| o.state = state }
  else
    begin
      obj = MyObj.find_or_create_by!(attrs) { |o| o.state = state }
    rescue ActiveRecord::RecordNotUnique
      obj = MyObj.find_by!(attrs)
    end
  end
  created = obj.previously_new_record?
  obj.update!(state: state)
  [obj, created]
end

while (line = $stdin.gets)
  msg = JSON.parse(line)
  break if msg["type"] == "stop"

  handled.clear
  begin
    obj, created = outer ? MyObj.transaction { get_or_create.call(msg["key"], msg["state"]) }
                         : get_or_create.call(msg["key"], msg["state"])
    result = { outcome: created ? "created" : "found", id: obj.id }
  rescue ActiveRecord::RecordNotFound => e
    result = { outcome: "does_not_exist", error: error_of(e) }
  rescue ActiveRecord::RecordNotUnique => e
    handled.pop
    result = { outcome: "integrity_error", error: error_of(e) }
  rescue ActiveRecord::ActiveRecordError => e
    handled.pop if e.is_a?(ActiveRecord::StatementInvalid)
    result = { outcome: "error", error: error_of(e) }
  end
  send_line(result.merge(type: "result", seq: msg["seq"], db_errors: handled.dup))
end
