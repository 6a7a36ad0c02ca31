"""Localities and the groups under which locality priorities are published."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.models.mixins import Withdrawable

if TYPE_CHECKING:
    from tracker.models.items import LocalityPriority

locality_group_member = Table(
    "locality_group_member",
    db.metadata,
    Column("locality_group_id", ForeignKey("locality_group.id"), primary_key=True),
    Column("locality_id", ForeignKey("locality.id"), primary_key=True),
)


class Locality(Withdrawable, db.Model):
    __tablename__ = "locality"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    position: Mapped[int]

    groups: Mapped[list[LocalityGroup]] = relationship(
        secondary=locality_group_member, back_populates="localities"
    )


class LocalityGroup(Withdrawable, db.Model):
    """Localities that published their priorities together, e.g. "East and Purbeck"."""

    __tablename__ = "locality_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    position: Mapped[int]

    localities: Mapped[list[Locality]] = relationship(
        secondary=locality_group_member, back_populates="groups", order_by="Locality.position"
    )
    priorities: Mapped[list[LocalityPriority]] = relationship(
        back_populates="locality_group", order_by="LocalityPriority.number"
    )
