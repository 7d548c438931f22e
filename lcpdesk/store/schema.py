"""The tables of the store (SQLAlchemy Core).

One ``MetaData`` describes every table; Alembic migrations in
``store/migrations/versions`` create and change them. A change here needs a new
migration (``tests/store/test_migrations.py`` checks that the migrated schema
matches this file).

Conventions: integer surrogate keys ``id``; natural keys are UNIQUE; dates are
ISO dates; money and other decimal amounts are stored as integer hundredths
(``*_x100``) so sums are exact; ``is_demo`` marks rows made up for the
built-in demo data (estimates, not published figures).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)

# --------------------------------------------------------------------------- areas

area = Table(
    "area",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(120), nullable=False, unique=True),
    # What this area calls its partnerships and their sub-units ("LCP", "PCN";
    # "Locality", "Sub-locality").
    Column("partnership_label", String(60), nullable=False, server_default="Partnership"),
    Column("subunit_label", String(60), nullable=False, server_default="Sub-unit"),
    Column("notes", Text, nullable=False, server_default=""),
    # The smallest piece of funding worth the bidding, management and reporting it costs
    # (seed 003: "chunks of at least £20k"); smaller funding allocations are flagged.
    Column("funding_floor_x100", Integer, nullable=False, server_default="2000000"),
    Column("is_demo", Boolean, nullable=False, server_default="0"),
)

partnership = Table(
    "partnership",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("area_id", ForeignKey("area.id", ondelete="CASCADE"), nullable=False, index=True),
    # A sub-unit (a PCN, a sub-locality) points at its partnership.
    Column("parent_id", ForeignKey("partnership.id", ondelete="CASCADE"), nullable=True),
    Column("name", String(120), nullable=False),
    Column("sort_order", Integer, nullable=False, server_default="0"),
    # A population a source document publishes for this unit, kept to check
    # computed figures against (never used in place of them).
    Column("published_population", Integer, nullable=True),
    Column("notes", Text, nullable=False, server_default=""),
    UniqueConstraint("area_id", "parent_id", "name", name="uq_partnership_area_parent_name"),
)

# --------------------------------------------------------------------------- practices

practice = Table(
    "practice",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(10), nullable=False, unique=True),  # ODS code, e.g. B86001
    Column("name", String(200), nullable=False),
    Column("postcode", String(10), nullable=False, server_default=""),
    Column("pcn_code", String(10), nullable=False, server_default=""),
    Column("pcn_name", String(200), nullable=False, server_default=""),
    Column("open_date", Date, nullable=True),
    Column("close_date", Date, nullable=True),
    Column("is_demo", Boolean, nullable=False, server_default="0"),
)

list_size = Table(
    "list_size",
    metadata,
    Column("practice_id", ForeignKey("practice.id", ondelete="CASCADE"), primary_key=True),
    Column("extract_date", Date, primary_key=True),
    Column("patients", Integer, nullable=False),
    # 'nhsd' (an NHS Digital file), 'manual' (typed in), 'demo' (demo estimate).
    Column("source", String(20), nullable=False, server_default="manual"),
    CheckConstraint("patients >= 0", name="patients_not_negative"),
)

membership = Table(
    "membership",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("practice_id", ForeignKey("practice.id", ondelete="CASCADE"), nullable=False),
    Column("partnership_id", ForeignKey("partnership.id", ondelete="CASCADE"), nullable=False),
    # Half-open interval [effective_from, effective_to); no end = current.
    Column("effective_from", Date, nullable=False),
    Column("effective_to", Date, nullable=True),
    Column("is_demo", Boolean, nullable=False, server_default="0"),
    CheckConstraint(
        "effective_to IS NULL OR effective_to > effective_from", name="interval_not_empty"
    ),
    Index("ix_membership_practice", "practice_id"),
    Index("ix_membership_partnership", "partnership_id"),
)

# --------------------------------------------------------------------------- geography

footprint = Table(
    "footprint",
    metadata,
    Column("area_id", ForeignKey("area.id", ondelete="CASCADE"), primary_key=True),
    Column("lsoa_code", String(12), primary_key=True),
    Column("partnership_id", ForeignKey("partnership.id", ondelete="CASCADE"), nullable=False),
    Column("is_demo", Boolean, nullable=False, server_default="0"),
)

lsoa = Table(
    "lsoa",
    metadata,
    # Every LSOA code (or non-LSOA residence code such as a blank or "NO2011") seen in a
    # practice-by-LSOA file, numbered so registration blocks can hold compact arrays.
    Column("id", Integer, primary_key=True),
    Column("code", String(12), nullable=False, unique=True),
)

registration_block = Table(
    "registration_block",
    metadata,
    # One row per practice per extract date of NHS Digital's practice-by-LSOA file: the
    # practice's patients by LSOA as two little-endian int32 arrays of equal length
    # (lsoa.id values, and patients). A national file (~1M rows) is ~6,500 blocks, which
    # write and compare fast; keyed by practice *code*, since the file names practices
    # that need not be in the practice register.
    Column("extract_date", Date, primary_key=True),
    Column("practice_code", String(10), primary_key=True),
    Column("lsoa_ids", LargeBinary, nullable=False),
    Column("patients", LargeBinary, nullable=False),
    Column("total", Integer, nullable=False),
    Column("source", String(20), nullable=False, server_default="nhsd"),
    # CRC-32 of the practice code, both arrays and the total (``registrations.checksum``):
    # every read checks it, so a damaged block is never used silently.
    Column("checksum", BigInteger, nullable=False, server_default="0"),
)

# --------------------------------------------------------------------------- maturity

framework = Table(
    "framework",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(60), nullable=False),
    Column("version", Integer, nullable=False, server_default="1"),
    Column("name", String(200), nullable=False),
    Column("description", Text, nullable=False, server_default=""),
    Column("source", Text, nullable=False, server_default=""),  # "built-in" or a file name
    # A digest of the definition (levels, dimensions and their texts). Loading the same
    # definition again changes nothing; a different one under the same key replaces a version
    # no assessment uses, or else becomes a new version.
    Column("content_hash", String(64), nullable=False, server_default=""),
    Column("loaded_at", DateTime, nullable=True),
    # Once an assessment uses a framework version it is locked; edits make a new version.
    Column("locked", Boolean, nullable=False, server_default="0"),
    UniqueConstraint("key", "version", name="uq_framework_key_version"),
)

framework_level = Table(
    "framework_level",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("framework_id", ForeignKey("framework.id", ondelete="CASCADE"), nullable=False),
    Column("rank", Integer, nullable=False),  # 1 = lowest
    Column("name", String(80), nullable=False),
    Column("description", Text, nullable=False, server_default=""),
    Column("is_standard", Boolean, nullable=False, server_default="0"),
    UniqueConstraint("framework_id", "rank", name="uq_framework_level_rank"),
    CheckConstraint("rank >= 1", name="rank_positive"),
)

framework_dimension = Table(
    "framework_dimension",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("framework_id", ForeignKey("framework.id", ondelete="CASCADE"), nullable=False),
    # A sub-dimension (Culture's five) points at its dimension, which is then a heading only:
    # the sub-dimensions are scored, not it.
    Column("parent_id", ForeignKey("framework_dimension.id", ondelete="CASCADE"), nullable=True),
    Column("key", String(60), nullable=False),
    Column("name", String(200), nullable=False),
    Column("short_name", String(60), nullable=False, server_default=""),  # chart label
    Column("descriptor", Text, nullable=False, server_default=""),  # what a strong LCP shows
    Column("sort_order", Integer, nullable=False, server_default="0"),
    UniqueConstraint("framework_id", "key", name="uq_framework_dimension_key"),
)

framework_cell = Table(
    "framework_cell",
    metadata,
    # What one level looks like in one dimension (a cell of the dimensions x levels matrix),
    # where the framework says.
    Column(
        "dimension_id", ForeignKey("framework_dimension.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("level_id", ForeignKey("framework_level.id", ondelete="CASCADE"), primary_key=True),
    Column("text", Text, nullable=False),
)

assessment = Table(
    "assessment",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("partnership_id", ForeignKey("partnership.id", ondelete="CASCADE"), nullable=False),
    Column("framework_id", ForeignKey("framework.id", ondelete="RESTRICT"), nullable=False),
    Column("period", String(20), nullable=False),  # e.g. "2019/20 Q2"
    Column("status", String(20), nullable=False, server_default="in progress"),
    Column("updated_at", DateTime, nullable=True),
    Column("completed_at", DateTime, nullable=True),
    Column("is_demo", Boolean, nullable=False, server_default="0"),
    # One assessment per partnership per period, whatever framework it uses.
    UniqueConstraint("partnership_id", "period", name="uq_assessment_period"),
    CheckConstraint("status IN ('in progress', 'complete')", name="status_known"),
)

assessment_item = Table(
    "assessment_item",
    metadata,
    Column("assessment_id", ForeignKey("assessment.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "dimension_id", ForeignKey("framework_dimension.id", ondelete="RESTRICT"), primary_key=True
    ),
    Column("consensus_rank", Integer, nullable=True),  # NULL = not yet assessed
    Column("target_rank", Integer, nullable=True),
    Column("evidence", Text, nullable=False, server_default=""),
    Column("links", Text, nullable=False, server_default=""),  # one link or path per line
    Column("next_steps", Text, nullable=False, server_default=""),
    CheckConstraint("consensus_rank IS NULL OR consensus_rank >= 1", name="consensus_positive"),
    CheckConstraint("target_rank IS NULL OR target_rank >= 1", name="target_positive"),
)

assessment_rater = Table(
    "assessment_rater",
    metadata,
    # A partner representative who scores an assessment independently.
    Column("id", Integer, primary_key=True),
    Column("assessment_id", ForeignKey("assessment.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(120), nullable=False),
    Column("organisation", String(200), nullable=False, server_default=""),
    Column("sort_order", Integer, nullable=False, server_default="0"),
    UniqueConstraint("assessment_id", "name", name="uq_assessment_rater_name"),
)

rater_score = Table(
    "rater_score",
    metadata,
    # No row: the rater has not scored that dimension.
    Column("rater_id", ForeignKey("assessment_rater.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "dimension_id", ForeignKey("framework_dimension.id", ondelete="RESTRICT"), primary_key=True
    ),
    Column("rank", Integer, nullable=False),
    CheckConstraint("rank >= 1", name="rank_positive"),
)

# --------------------------------------------------------------------------- partners, goals

partner = Table(
    "partner",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("area_id", ForeignKey("area.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(200), nullable=False),
    # statutory / voluntary and community / independent / other
    Column("sector", String(40), nullable=False),
    Column("org_type", String(80), nullable=False, server_default=""),
    Column("is_demo", Boolean, nullable=False, server_default="0"),
    UniqueConstraint("area_id", "name", name="uq_partner_area_name"),
)

goal = Table(
    "goal",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("partnership_id", ForeignKey("partnership.id", ondelete="CASCADE"), nullable=False),
    Column("title", String(200), nullable=False),
    Column("description", Text, nullable=False, server_default=""),
    Column("term", String(10), nullable=False, server_default="short"),  # short / long
    Column("priority_kind", String(10), nullable=False, server_default="local"),  # city / local
    Column("priority_label", String(120), nullable=False, server_default=""),
    Column("inequalities_focus", Boolean, nullable=False, server_default="0"),
    Column("owner_partner_id", ForeignKey("partner.id", ondelete="SET NULL"), nullable=True),
    Column("status", String(20), nullable=False, server_default="not started"),
    Column("start_date", Date, nullable=True),
    Column("due_date", Date, nullable=True),
    Column("is_demo", Boolean, nullable=False, server_default="0"),
)

goal_cohort = Table(
    "goal_cohort",
    metadata,
    Column("goal_id", ForeignKey("goal.id", ondelete="CASCADE"), primary_key=True),
    Column("cohort", String(200), primary_key=True),
)

goal_dimension = Table(
    "goal_dimension",
    metadata,
    Column("goal_id", ForeignKey("goal.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "dimension_id", ForeignKey("framework_dimension.id", ondelete="CASCADE"), primary_key=True
    ),
    # Set when the goal was made from a maturity gap of this assessment.
    Column("from_assessment_id", ForeignKey("assessment.id", ondelete="SET NULL"), nullable=True),
)

measure = Table(
    "measure",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("goal_id", ForeignKey("goal.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(200), nullable=False),
    Column("unit", String(40), nullable=False, server_default=""),
    Column("baseline_x100", Integer, nullable=True),
    Column("target_x100", Integer, nullable=True),
)

measure_reading = Table(
    "measure_reading",
    metadata,
    Column("measure_id", ForeignKey("measure.id", ondelete="CASCADE"), primary_key=True),
    Column("reading_date", Date, primary_key=True),
    Column("value_x100", Integer, nullable=False),
)

milestone = Table(
    "milestone",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("goal_id", ForeignKey("goal.id", ondelete="CASCADE"), nullable=False),
    Column("title", String(200), nullable=False),
    Column("due_date", Date, nullable=True),
    Column("done_date", Date, nullable=True),
)

allocation = Table(
    "allocation",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("partner_id", ForeignKey("partner.id", ondelete="CASCADE"), nullable=False),
    Column("partnership_id", ForeignKey("partnership.id", ondelete="CASCADE"), nullable=False),
    Column("goal_id", ForeignKey("goal.id", ondelete="SET NULL"), nullable=True),
    # funding (£) / staff_wte / staff_hours_week / estates / in_kind
    Column("kind", String(20), nullable=False),
    Column("amount_x100", Integer, nullable=False),
    Column("period_start", Date, nullable=False),
    Column("period_end", Date, nullable=False),
    Column("status", String(20), nullable=False, server_default="planned"),
    Column("notes", Text, nullable=False, server_default=""),
    Column("is_demo", Boolean, nullable=False, server_default="0"),
    CheckConstraint("period_end >= period_start", name="period_ordered"),
)

# --------------------------------------------------------------------------- returns

return_record = Table(
    "return_record",
    metadata,
    # One row per return workbook read (previewed, accepted or refused), kept whatever the
    # outcome: the programme office's list of what came in, from whom, and why it was refused.
    Column("id", Integer, primary_key=True),
    Column("file_name", String(260), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("read_at", DateTime, nullable=False),
    Column("template_key", String(60), nullable=False, server_default=""),
    Column("template_version", Integer, nullable=True),
    Column("area", String(120), nullable=False, server_default=""),
    Column("partnership", String(120), nullable=False, server_default=""),
    Column("period", String(20), nullable=False, server_default=""),
    # The partnership the return was taken for (NULL when it matched none, or was deleted).
    Column("partnership_id", ForeignKey("partnership.id", ondelete="SET NULL"), nullable=True),
    Column("completed_by", String(200), nullable=False, server_default=""),
    Column("signed_off_by", String(200), nullable=False, server_default=""),
    Column("signed_off_on", Date, nullable=True),
    # previewed / accepted / refused / superseded (passed, but a newer return was taken)
    Column("status", String(20), nullable=False),
    Column("reasons", Text, nullable=False, server_default=""),  # one problem a line
    # What the return said, in brief (JSON: levels by dimension, goals' statuses, resources by
    # kind, sections complete), so the Returns pane and the master's Summary need no workbook.
    Column("summary", Text, nullable=False, server_default=""),
    CheckConstraint(
        "status IN ('previewed', 'accepted', 'refused', 'superseded')", name="status_known"
    ),
    Index("ix_return_record_sha256", "sha256"),
)

return_sent = Table(
    "return_sent",
    metadata,
    # A pre-filled return written for a partnership and quarter (the last time it was written):
    # the Returns pane's "sent" and the programme office's chasing list.
    Column("id", Integer, primary_key=True),
    Column("partnership_id", ForeignKey("partnership.id", ondelete="CASCADE"), nullable=False),
    Column("period", String(20), nullable=False),
    Column("file_name", String(260), nullable=False, server_default=""),
    Column("sent_on", Date, nullable=False),
    UniqueConstraint("partnership_id", "period", name="uq_return_sent_partnership_period"),
)
