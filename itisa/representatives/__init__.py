"""Organisation representatives (issue 22, item 3): each organisation's one appointed representative and
the people it names to act for the organisation in all its alliances.

The anchor is the EU Funding & Tenders Portal's LEAR (legal entity appointed representative): appointed
by the organisation's legal representative, validated by the Commission, the LEAR names who signs (legal
and financial signatories, LSIGN/FSIGN) and who acts for the organisation (account administrators), with
delegates and backups. Here the appointment is confirmed by the secretariat of an alliance the organisation
is an active member of or by a competent officer (``permissions``), and the representative names people
to five functions (``choices.Function``). What each function is, and where it is kept:

- **Legal representative** (法定代表人; Civil Code Art. 61: the person who acts for a legal person under
  its articles; 国科发政〔2008〕770号 Art. 8(2): the alliance agreement is signed by the members' legal
  representatives): the role ``Role.LEGAL_REPRESENTATIVE`` for the organisation in each of its alliances,
  granted and revoked through ``accounts.services.role_grant`` / ``role_revoke``, plus the registry's record
  of the person (``registry.Organisation.legal_representative``), which the signing service binds
  signatures to. A change replaces both in one transaction and records a new ``registry.Person`` (the old
  row is never edited), so signatures already made keep naming their signer while the to-do list, key
  registration and signing ask the new person from then on. It is replaced, never removed alone.
- **Member contact** (成员联络人): the role ``Role.MEMBER_CONTACT`` in each alliance, through the same
  services. ``RoleAssignment`` stays the one record of who holds either role.
- **Authorised signatory** (授权签字人; Civil Code Arts. 161–165, agency by authorisation; the portal's
  LSIGN/FSIGN): kept here as a ``Designation``. It grants no role and does not sign alliance agreements,
  which the signing service binds to the legal representative (Electronic Signature Law art. 13: the
  signature-creation data is the signer's own); it records whom the organisation authorises for other
  documents, for the apps that will ask.
- **Delegate** (委托代理人; Civil Code Art. 170, acting within one's duties): kept here; names and removes
  member contacts and authorised signatories on the representative's behalf (``permissions.POWERS``).
- **Backup** (后备代表): kept here; stands in for the representative in everything but naming backups.

Invitations are not used to name someone without an account: ``invitations.permissions.can_invite`` lets
only a secretariat or an officer invite to an organisation's roles, one alliance at a time, so the person
named needs an account first (they can be invited to the alliance by its secretariat).
"""
