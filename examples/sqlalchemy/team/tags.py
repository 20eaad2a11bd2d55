"""A small team's tagging code on SQLAlchemy 1.4: the get-or-create that SQLAlchemy's own docs and answers show,
query first, then add and commit, and on an IntegrityError roll back and query again. dbrace races it by name:

    dbrace run --sqlalchemy tags:get_or_create --project examples/sqlalchemy/team --table tags --key-columns name
"""
import os

from sqlalchemy import Column, Integer, String, create_engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, declarative_base

engine = create_engine(os.environ.get("DATABASE_URL", "mysql+mysqldb://root@127.0.0.1:3306/test"), future=True)
Base = declarative_base()


class Tag(Base):
    __tablename__ = "tags"
    id = Column(Integer, primary_key=True)
    name = Column(String(100), nullable=False, unique=True)


def get_or_create(name):
    """The tag named `name`, created when there is none."""
    with Session(engine) as session:
        tag = session.execute(select(Tag).filter_by(name=name)).scalar_one_or_none()
        if tag is not None:
            return tag.id
        session.add(Tag(name=name))
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
            return session.execute(select(Tag).filter_by(name=name)).scalar_one().id
        return None


def get_or_create_in(session, name):
    """The same on a session the caller gives, which commits."""
    tag = session.execute(select(Tag).filter_by(name=name)).scalar_one_or_none()
    if tag is None:
        session.add(Tag(name=name))
        session.commit()


def insert_on_conflict_do_nothing(name):
    """The upsert pattern: INSERT … ON CONFLICT DO NOTHING (INSERT IGNORE on MySQL and MariaDB), then read."""
    with Session(engine) as session:
        if engine.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
            session.execute(insert(Tag).values(name=name).on_conflict_do_nothing(index_elements=["name"]))
        else:
            from sqlalchemy import insert
            session.execute(insert(Tag).values(name=name).prefix_with("IGNORE"))
        session.commit()
        return session.execute(select(Tag).filter_by(name=name)).scalar_one().id


def create(drop=False):
    """Creates the table (or drops it), for tests and scripts."""
    if drop:
        Base.metadata.drop_all(engine)
    else:
        Base.metadata.create_all(engine)


if __name__ == "__main__":
    import sys
    create(drop=sys.argv[1:] == ["drop"])
