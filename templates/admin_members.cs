<?cs include:"header.cs" ?>
<?cs include:"admin_nav.cs" ?>
<section>
  <h1><?cs var:Lang.adm.members.title ?></h1>
  <?cs if:Query.imported ?><p class="notice" role="status"><?cs var:Lang.adm.members.imported ?></p><?cs /if ?>
  <?cs if:Query.deleted ?><p class="notice" role="status"><?cs var:Lang.adm.members.deleted ?></p><?cs /if ?>
  <p><a class="btn primary" href="<?cs var:Base.admin ?>/members/new"><?cs var:Lang.adm.members.new ?></a></p>
  <table class="list">
    <thead><tr><th><?cs var:Lang.adm.members.login ?></th><th><?cs var:Lang.adm.members.descr ?></th><th><?cs var:Lang.adm.members.member_no ?></th><th><?cs var:Lang.adm.members.state ?></th></tr></thead>
    <tbody>
    <?cs each:m = Members ?>
    <tr<?cs if:m.locked == 1 ?> class="locked"<?cs /if ?>><td><a href="<?cs var:Base.admin ?>/members/<?cs var:m.id ?>"><?cs var:m.login ?></a></td><td><?cs var:m.descr ?></td><td><?cs var:m.member_no ?></td><td><?cs if:m.admin == 1 ?><?cs var:Lang.adm.members.is_admin ?> <?cs /if ?><?cs if:m.locked == 1 ?><?cs var:Lang.adm.members.locked ?> <?cs /if ?><?cs if:m.has_password == 0 ?><?cs var:Lang.adm.members.no_password ?><?cs /if ?></td></tr>
    <?cs /each ?>
    </tbody>
  </table>
</section>
<?cs include:"footer.cs" ?>
