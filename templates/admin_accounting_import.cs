<?cs include:"header.cs" ?>
<?cs include:"admin_nav.cs" ?>
<section class="admin-accounting-import">
  <p><a href="<?cs var:Base.admin ?>/accounting"><?cs var:Lang.acct.title ?></a></p>
  <h1><?cs var:Lang.acct.imp.title ?></h1>
  <?cs if:?Query.created ?><p class="notice import-result" role="status"><?cs var:Lang.acct.imp.done ?> <?cs var:Lang.acct.imp.kinds.create ?>: <span class="created"><?cs var:Query.created ?></span>, <?cs var:Lang.acct.imp.kinds.link ?>: <span class="linked"><?cs var:Query.linked ?></span>, <?cs var:Lang.acct.imp.kinds.change ?>: <span class="changed"><?cs var:Query.changed ?></span>, <?cs var:Lang.acct.imp.conflicts ?>: <span class="conflicts"><?cs var:Query.conflicts ?></span></p><?cs /if ?>
  <?cs if:Acct.import_error ?><p class="notice error import-error" role="alert"><?cs var:Acct.import_error ?></p><?cs /if ?>
  <p class="hint"><?cs var:Lang.acct.imp.hint ?></p>
  <?cs if:Acct.count > 0 ?>
  <?cs if:Acct.conflicts > 0 ?><p class="notice error" role="alert"><?cs var:Lang.acct.imp.has_conflicts ?></p><?cs /if ?>
  <table class="list import">
    <thead><tr><th><?cs var:Lang.acct.imp.code ?></th><th><?cs var:Lang.acct.imp.name ?></th><th><?cs var:Lang.acct.imp.what ?></th></tr></thead>
    <tbody>
    <?cs each:i = Acct.items ?>
    <tr class="imp-<?cs var:i.kind ?>" data-code="<?cs var:i.code ?>"><td><?cs var:i.code ?></td><td><?cs var:i.name ?></td>
      <td class="what"><?cs var:Lang.acct.imp.kinds[i.kind] ?><?cs if:i.login ?> <span class="login"><?cs var:i.login ?></span><?cs /if ?><?cs if:i.kind == "change" ?> (<?cs var:Lang.acct.imp.was ?> „<?cs var:i.old_descr ?>“)<?cs /if ?></td></tr>
    <?cs /each ?>
    </tbody>
  </table>
  <?cs if:Acct.work > 0 ?>
  <form method="post" action="<?cs var:Base.admin ?>/accounting/import" class="form">
    <input type="hidden" name="csrf" value="<?cs var:User.csrf ?>">
    <div class="actions"><button type="submit" class="primary"><?cs var:Lang.acct.imp.apply ?></button></div>
  </form>
  <?cs /if ?>
  <?cs elif:!Acct.import_error ?><p><?cs var:Lang.acct.imp.none ?></p><?cs /if ?>
</section>
<?cs include:"footer.cs" ?>
