"""Column names several kinds of file share (each kind lists its own fields)."""

from __future__ import annotations

PRACTICE = ("Practice code", "Practice", "ODS code", "Org code", "GP practice code")
PARTNERSHIP = (
    "LCP",
    "LCP name",
    "Partnership",
    "Partnership name",
    "Local Care Partnership",
    "Local Care Partnership name",
    "Locality",
    "Locality name",
    "Integrated Locality Team",
    "ILT",
    "Neighbourhood",
    "Neighbourhood name",
)
LSOA = ("LSOA code", "LSOA", "LSOA11CD", "LSOA21CD", "LSOA 2011 code", "LSOA 2021 code")
PATIENTS = ("NUMBER_OF_PATIENTS", "Number of Patients")
