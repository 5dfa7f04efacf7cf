"""Technology platforms and major equipment opened to members (Art. 5)."""
