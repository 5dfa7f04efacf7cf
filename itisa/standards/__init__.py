"""Standards projects, IPR disclosures and licensing declarations before votes (Art. 5)."""
