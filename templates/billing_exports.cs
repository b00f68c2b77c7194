<?cs include:"header.cs" ?>
<section class="billing-exports">
  <p><a href="<?cs var:Base.export ?>"><?cs var:Lang.exp.title ?></a></p>
  <h1><?cs var:Lang.exp.bx.title ?></h1>
  <?cs if:Bx.justdeleted.id ?>
  <div class="notice" role="status">
    <p><?cs var:Lang.exp.bx.deleted ?> „<?cs var:Bx.justdeleted.title ?>“</p>
    <form method="post" action="<?cs var:Base.export ?>/billing/<?cs var:Bx.justdeleted.id ?>/restore">
      <input type="hidden" name="csrf" value="<?cs var:User.csrf ?>">
      <button type="submit" class="primary"><?cs var:Lang.exp.bx.restore ?></button>
    </form>
  </div>
  <?cs /if ?>
  <p><a class="btn primary" href="<?cs var:Base.export ?>/billing/new"><?cs var:Lang.exp.bx.new ?></a></p>
  <?cs def:sorthead(col, label) ?><th<?cs if:Bx.sort.col == col ?> aria-sort="<?cs if:Bx.sort.dir == "asc" ?>ascending<?cs else ?>descending<?cs /if ?>"<?cs /if ?>><a href="<?cs var:Base.export ?>/billing?sort=<?cs var:col ?>&amp;dir=<?cs var:Bx.sort.next[col] ?>"><?cs var:label ?></a></th><?cs /def ?>
  <table class="list exports">
    <thead><tr>
      <?cs call:sorthead("title", Lang.exp.bx.col.title) ?>
      <?cs call:sorthead("owner", Lang.exp.bx.owner) ?>
      <?cs call:sorthead("start", Lang.exp.bx.col.start) ?>
      <?cs call:sorthead("end", Lang.exp.bx.col.end) ?>
      <?cs call:sorthead("created", Lang.exp.bx.created) ?>
      <?cs call:sorthead("changed", Lang.exp.bx.changed) ?>
      <th><?cs var:Lang.exp.bx.rows.other ?></th>
    </tr></thead>
    <tbody>
    <?cs each:e = Bx.list ?>
    <tr data-id="<?cs var:e.id ?>"><td><a href="<?cs var:Base.export ?>/billing/<?cs var:e.id ?>"><?cs var:e.title ?></a></td><td><?cs var:e.owner ?></td><td><?cs var:e.start ?></td><td><?cs var:e.end ?></td><td><?cs var:e.created ?></td><td><?cs var:e.changed ?></td><td><?cs var:e.rows ?></td></tr>
    <?cs /each ?>
    </tbody>
  </table>
  <?cs if:subcount(Bx.list) == 0 ?><p><?cs var:Lang.exp.bx.none ?></p><?cs /if ?>
  <?cs if:subcount(Bx.bin) > 0 ?>
  <h2 id="bin"><?cs var:Lang.exp.bx.bin ?></h2>
  <table class="list bin">
    <thead><tr><th><?cs var:Lang.exp.bx.col.title ?></th><th><?cs var:Lang.exp.bx.owner ?></th><th><?cs var:Lang.exp.bx.col.start ?></th><th><?cs var:Lang.exp.bx.col.end ?></th><th><?cs var:Lang.exp.bx.deleted_at ?></th><th></th></tr></thead>
    <tbody>
    <?cs each:e = Bx.bin ?>
    <tr data-id="<?cs var:e.id ?>"><td><?cs var:e.title ?></td><td><?cs var:e.owner ?></td><td><?cs var:e.start ?></td><td><?cs var:e.end ?></td><td><?cs var:e.deleted ?></td>
      <td><form method="post" action="<?cs var:Base.export ?>/billing/<?cs var:e.id ?>/restore"><input type="hidden" name="csrf" value="<?cs var:User.csrf ?>"><button type="submit"><?cs var:Lang.exp.bx.restore ?></button></form></td></tr>
    <?cs /each ?>
    </tbody>
  </table>
  <?cs /if ?>
</section>
<?cs include:"footer.cs" ?>
