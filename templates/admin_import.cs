<?cs include:"header.cs" ?>
<?cs include:"admin_nav.cs" ?>
<section class="admin-import">
  <h1><?cs var:Lang.adm.imp.title ?></h1>
  <?cs include:"errors.cs" ?>
  <?cs if:Imp.kind ?>
  <section class="preview">
    <h2><?cs var:Lang.adm.imp.preview ?>: <?cs if:Imp.kind == "members" ?><?cs var:Lang.adm.imp.kind_members ?><?cs else ?><?cs var:Lang.adm.imp.kind_vehicles ?><?cs /if ?></h2>
    <p class="summary"><span class="n-new"><?cs var:Imp.new ?> <?cs var:Lang.adm.imp.summary_new ?></span>, <span class="n-changed"><?cs var:Imp.changed ?> <?cs var:Lang.adm.imp.summary_changed ?></span>, <span class="n-unchanged"><?cs var:Imp.unchanged ?> <?cs var:Lang.adm.imp.summary_unchanged ?></span>, <span class="n-errors"><?cs var:Imp.nerrors ?> <?cs if:Imp.nerrors == 1 ?><?cs var:Lang.adm.imp.summary_errors.one ?><?cs else ?><?cs var:Lang.adm.imp.summary_errors.other ?><?cs /if ?></span></p>
    <?cs if:Imp.converted == 1 ?><p class="notice"><?cs var:Lang.adm.imp.converted ?></p><?cs /if ?>
    <?cs if:Imp.nerrors > 0 ?>
    <div class="errors" role="alert">
      <p><?cs var:Lang.adm.imp.errors ?></p>
      <table class="list import-errors">
        <thead><tr><th><?cs var:Lang.adm.imp.line ?></th><th><?cs var:Lang.adm.imp.column ?></th><th></th></tr></thead>
        <tbody><?cs each:e = Imp.errors ?><tr class="imp-error"><td class="line"><?cs var:e.line ?></td><td class="column"><?cs var:e.column ?></td><td class="msg"><?cs var:e.msg ?></td></tr><?cs /each ?></tbody>
      </table>
    </div>
    <?cs /if ?>
    <?cs if:subcount(Imp.rows) > 0 ?>
    <table class="list import-rows">
      <thead><tr><th><?cs var:Lang.adm.imp.line ?></th><th><?cs var:Lang.adm.imp.action ?></th><?cs each:c = Imp.cols ?><th><?cs var:c.name ?></th><?cs /each ?><th><?cs var:Lang.adm.imp.changes ?></th></tr></thead>
      <tbody><?cs each:row = Imp.rows ?><tr class="act-<?cs var:row.action ?>"><td><?cs var:row.line ?></td><td><?cs var:Lang.adm.imp.act[row.action] ?></td><?cs each:c = row.c ?><td><?cs var:c.v ?></td><?cs /each ?><td><?cs var:row.changes ?></td></tr><?cs /each ?></tbody>
    </table>
    <?cs if:Imp.more > 0 ?><p class="hint"><?cs var:Lang.adm.imp.more ?> <?cs var:Imp.more ?></p><?cs /if ?>
    <?cs /if ?>
    <?cs if:Imp.upload > 0 ?>
    <form method="post" action="<?cs var:Base.admin ?>/import/<?cs var:Imp.upload ?>" class="actions">
      <input type="hidden" name="csrf" value="<?cs var:User.csrf ?>">
      <button type="submit" class="primary"><?cs var:Lang.adm.imp.confirm ?></button>
      <a class="btn" href="<?cs var:Base.admin ?>/import"><?cs var:Lang.form.cancel ?></a>
    </form>
    <?cs elif:Imp.nerrors == 0 ?><p><?cs var:Lang.adm.imp.nothing ?></p><?cs /if ?>
  </section>
  <?cs /if ?>
  <section>
    <h2><?cs var:Lang.adm.imp.upload ?></h2>
    <p class="hint"><?cs var:Lang.adm.imp.hint ?></p>
    <form method="post" action="<?cs var:Base.admin ?>/import" enctype="multipart/form-data" class="form">
      <input type="hidden" name="csrf" value="<?cs var:User.csrf ?>">
      <label for="kind"><?cs var:Lang.adm.imp.kind ?></label>
      <select id="kind" name="kind"<?cs if:Error.kind ?> aria-invalid="true"<?cs /if ?>>
        <option value="members"<?cs if:Form.kind == "members" ?> selected<?cs /if ?>><?cs var:Lang.adm.imp.kind_members ?></option>
        <option value="vehicles"<?cs if:Form.kind == "vehicles" ?> selected<?cs /if ?>><?cs var:Lang.adm.imp.kind_vehicles ?></option>
      </select>
      <?cs if:Error.kind ?><p class="field-error"><?cs var:Error.kind ?></p><?cs /if ?>
      <label for="file"><?cs var:Lang.adm.imp.file ?></label>
      <input id="file" name="file" type="file" accept=".csv,text/csv,text/plain" required<?cs if:Error.file ?> aria-invalid="true"<?cs /if ?>>
      <?cs if:Error.file ?><p class="field-error"><?cs var:Error.file ?></p><?cs /if ?>
      <div class="actions"><button type="submit" class="primary"><?cs var:Lang.adm.imp.check ?></button></div>
    </form>
  </section>
  <section>
    <h2><?cs var:Lang.adm.imp.export ?></h2>
    <p class="actions"><a class="btn" href="<?cs var:Base.admin ?>/members/csv"><?cs var:Lang.adm.imp.export_members ?></a> <a class="btn" href="<?cs var:Base.admin ?>/vehicles/csv"><?cs var:Lang.adm.imp.export_vehicles ?></a></p>
  </section>
</section>
<?cs include:"footer.cs" ?>
