"""Independent reference implementation of NHS login's Provision Account (CID-IS-P v1.0)
and Users Endpoint V2 (v1.1) interfaces. See ../README.md and ../CHOICES.md."""
