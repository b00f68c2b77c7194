<?cs include:"header.cs" ?>
<section class="billing-export">
  <p><a href="<?cs var:Base.export ?>/billing"><?cs var:Lang.exp.bx.title ?></a></p>
  <h1><?cs var:Bx.export.title ?></h1>
  <?cs if:Bx.notice.created ?><p class="notice" role="status"><?cs var:Lang.exp.bx.created_notice ?> <?cs var:Bx.count ?></p><?cs /if ?>
  <?cs if:Bx.notice.inbin ?>
  <div class="notice warning" role="status">
    <p><?cs var:Bx.notice.inbin ?></p>
    <?cs if:Bx.notice.bin_id ?>
    <form method="post" action="<?cs var:Base.export ?>/billing/<?cs var:Bx.notice.bin_id ?>/restore">
      <input type="hidden" name="csrf" value="<?cs var:User.csrf ?>">
      <button type="submit"><?cs var:Lang.exp.bx.inbin_restore ?> „<?cs var:Bx.notice.bin_title ?>“</button>
    </form>
    <?cs /if ?>
    <p><a href="<?cs var:Bx.notice.bin_url ?>"><?cs var:Lang.exp.bx.bin ?></a></p>
  </div>
  <?cs /if ?>
  <?cs if:Bx.notice.added ?><p class="notice" role="status"><?cs var:Lang.exp.bx.added ?></p><?cs /if ?>
  <?cs if:Bx.notice.saved ?><p class="notice" role="status"><?cs var:Lang.exp.bx.saved ?></p><?cs /if ?>
  <?cs if:Bx.notice.rowdeleted ?><p class="notice" role="status"><?cs var:Lang.exp.bx.row.deleted_notice ?></p><?cs /if ?>
  <?cs if:Bx.notice.restored ?><p class="notice" role="status"><?cs var:Lang.exp.bx.restored ?></p><?cs /if ?>
  <?cs include:"errors.cs" ?>
  <dl class="facts">
    <dt><?cs var:Lang.exp.bx.period ?></dt><dd><?cs var:Bx.export.start ?> – <?cs var:Bx.export.end ?></dd>
    <?cs if:Bx.export.teaser ?><dt><?cs var:Lang.exp.bx.teaser ?></dt><dd><?cs var:Bx.export.teaser ?></dd><?cs /if ?>
    <?cs if:Bx.export.provider ?><dt><?cs var:Lang.exp.bx.provider_filter ?></dt><dd><?cs var:Bx.export.provider ?></dd><?cs /if ?>
    <dt><?cs var:Lang.exp.bx.owner ?></dt><dd><?cs var:Bx.export.owner ?></dd>
    <dt><?cs var:Lang.exp.bx.created ?></dt><dd><?cs var:Bx.export.created ?></dd>
    <dt><?cs var:Lang.exp.bx.changed ?></dt><dd><?cs var:Bx.export.changed ?></dd>
    <dt><?cs var:Lang.exp.bx.mark ?></dt><dd><?cs if:Bx.export.mark == "1" ?><?cs var:Lang.exp.bx.yes ?><?cs else ?><?cs var:Lang.exp.bx.no ?><?cs /if ?></dd>
    <dt><?cs var:Lang.exp.bx.sum ?></dt><dd><?cs var:Bx.sum ?> (<?cs var:Bx.count ?> <?cs if:Bx.count == 1 ?><?cs var:Lang.exp.bx.rows.one ?><?cs else ?><?cs var:Lang.exp.bx.rows.other ?><?cs /if ?>)</dd>
  </dl>
  <form method="get" action="<?cs var:Base.export ?>/billing/<?cs var:Bx.export.id ?>/download" class="form download">
    <label for="sep"><?cs var:Lang.exp.bf.sep ?></label>
    <select id="sep" name="sep">
      <option value="semicolon"<?cs if:Lang.code != "en" ?> selected<?cs /if ?>><?cs var:Lang.exp.bf.semicolon ?></option>
      <option value="comma"<?cs if:Lang.code == "en" ?> selected<?cs /if ?>><?cs var:Lang.exp.bf.comma ?></option>
    </select>
    <label class="check"><input type="checkbox" name="bom" value="1"> <?cs var:Lang.exp.bf.bom ?></label>
    <div class="actions">
      <button type="submit" name="format" value="csv" class="primary"><?cs var:Lang.exp.bf.csv ?></button>
      <button type="submit" name="format" value="xlsx"><?cs var:Lang.exp.bf.xlsx ?></button>
    </div>
  </form>
  <table class="list rows" tabindex="0">
    <thead><tr><th><?cs var:Lang.exp.bx.col.oe ?></th><th><?cs var:Lang.exp.bx.col.lastname ?></th><th><?cs var:Lang.exp.bx.col.firstname ?></th><th><?cs var:Lang.exp.bx.col.provider ?></th><th><?cs var:Lang.exp.bx.col.title ?></th><th><?cs var:Lang.exp.bx.col.start ?></th><th><?cs var:Lang.exp.bx.col.end ?></th><th><?cs var:Lang.exp.bx.col.price ?></th><th><?cs var:Lang.exp.bx.col.discount ?></th><th></th></tr></thead>
    <tbody>
    <?cs each:x = Bx.rows ?>
    <tr data-row="<?cs var:x.id ?>"<?cs if:x.deleted == "1" ?> class="deleted"<?cs /if ?>>
      <td><?cs var:x.oe ?></td><td><?cs var:x.lastname ?></td><td><?cs var:x.firstname ?></td><td><?cs var:x.provider ?></td><td><?cs var:x.title ?><?cs if:!x.billing_id ?> <small>(<?cs var:Lang.exp.bx.manual ?>)</small><?cs /if ?></td>
      <td><?cs var:x.start ?></td><td><?cs var:x.end ?></td><td><?cs var:x.price ?></td><td><?cs var:x.discount ?></td>
      <td><?cs if:x.deleted == "1" ?><s><?cs var:Lang.exp.bx.row.deleted ?></s>
        <form method="post" action="<?cs var:Base.export ?>/billing/row/<?cs var:x.id ?>/undelete"><input type="hidden" name="csrf" value="<?cs var:User.csrf ?>"><button type="submit"><?cs var:Lang.exp.bx.row.undelete ?></button></form>
      <?cs else ?><a class="btn" href="<?cs var:Base.export ?>/billing/row/<?cs var:x.id ?>"><?cs var:Lang.exp.bx.row.edit ?></a>
        <form method="post" action="<?cs var:Base.export ?>/billing/row/<?cs var:x.id ?>/delete"><input type="hidden" name="csrf" value="<?cs var:User.csrf ?>"><button type="submit" class="danger"><?cs var:Lang.exp.bx.row.delete ?></button></form>
      <?cs /if ?></td>
    </tr>
    <?cs /each ?>
    </tbody>
  </table>
  <?cs if:subcount(Bx.rows) == 0 ?><p><?cs var:Lang.exp.bx.norows ?></p><?cs /if ?>
  <p class="paging"><?cs if:Bx.prev ?><a href="?page=<?cs var:Bx.prev ?>"><?cs var:Lang.exp.bx.prev ?></a><?cs /if ?> <?cs if:Bx.next ?><a href="?page=<?cs var:Bx.next ?>"><?cs var:Lang.exp.bx.next ?></a><?cs /if ?></p>
  <h2 id="add"><?cs var:Lang.exp.bx.row.add ?></h2>
  <form method="post" action="<?cs var:Base.export ?>/billing/<?cs var:Bx.export.id ?>/rows" class="form narrow">
    <?cs include:"billing_export_rowfields.cs" ?>
    <div class="actions"><button type="submit" class="primary"><?cs var:Lang.exp.bx.row.add ?></button></div>
  </form>
  <h2><?cs var:Lang.exp.bx.delete ?></h2>
  <form method="post" action="<?cs var:Base.export ?>/billing/<?cs var:Bx.export.id ?>/delete">
    <input type="hidden" name="csrf" value="<?cs var:User.csrf ?>">
    <p class="hint"><?cs var:Lang.exp.bx.delete_hint ?></p>
    <button type="submit" class="danger"><?cs var:Lang.exp.bx.delete ?></button>
  </form>
</section>
<?cs include:"footer.cs" ?>
