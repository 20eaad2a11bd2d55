# frozen_string_literal: true

# A small team's tags on Active Record 6.1: a unique name, and the get-or-create calls teams write with it.
# dbrace races one by name:
#
#   dbrace run --rails 'Tag.find_or_create' --require app/models/tag.rb --project examples/rails/team \
#              --table tags --key-columns name
class Tag < ActiveRecord::Base
  # find_or_create_by!, as the guides show it.
  def self.find_or_create(name:)
    find_or_create_by!(name: name)
  end

  # The same inside a transaction, as a controller action wrapped in one runs it.
  def self.find_or_create_in_transaction(name:)
    transaction { find_or_create_by!(name: name) }
  end

  # Rails 6's INSERT first, in a savepoint, then find_by! on RecordNotUnique.
  def self.create_or_find(name:)
    create_or_find_by!(name: name)
  end
end

# The same table with validates :uniqueness, which reads before it inserts.
class ValidatedTag < ActiveRecord::Base
  self.table_name = "tags"
  validates :name, uniqueness: true

  def self.find_or_create(name:)
    find_or_create_by!(name: name)
  end
end
