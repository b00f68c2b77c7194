<?cs include:"header.cs" ?>
<section class="invoice-export">
  <p><a href="<?cs var:Base.export ?>/invoices"><?cs var:Lang.inv.title ?></a></p>
  <h1><?cs var:Page.title ?></h1>
  <p class="hint"><?cs if:Inv.x.target == "datev" ?><?cs var:Lang.inv.datev.hint ?><?cs else ?><?cs var:Lang.inv.lexware.hint ?><?cs /if ?></p>
  <?cs include:"errors.cs" ?>
  <form method="get" action="<?cs var:Base.export ?>/<?cs var:Inv.x.target ?>" class="form">
    <?cs include:"invoice_period.cs" ?>
    <label class="check"><input type="checkbox" name="all" value="1"<?cs if:Inv.x.all == 1 ?> checked<?cs /if ?>> <?cs var:Lang.inv.x.all ?></label>
    <div class="actions"><button type="submit"><?cs var:Lang.inv.new.preview ?></button></div>
  </form>
  <?cs if:Inv.x.count > 0 ?>
  <table class="list">
    <thead><tr><th><?cs var:Lang.inv.col.number ?></th><th><?cs var:Lang.inv.col.date ?></th><th><?cs var:Lang.inv.col.member_no ?></th><th class="num"><?cs var:Lang.inv.x.amount ?></th><th>S/H</th><th><?cs var:Lang.inv.x.konto ?></th><th><?cs var:Lang.inv.x.gegenkonto ?></th><th><?cs var:Lang.inv.x.bu ?></th><th><?cs var:Lang.inv.x.text_col ?></th><th><?cs var:Lang.inv.x.why_col ?></th></tr></thead>
    <tbody>
    <?cs each:x = Inv.x.rows ?>
    <tr<?cs if:x.error ?> class="bad"<?cs /if ?>><td><?cs var:x.number ?><?cs if:x.handed == 1 ?> (<?cs var:Lang.inv.x.handed ?>)<?cs /if ?></td><td><?cs var:x.date ?></td><td><?cs var:x.member_no ?></td><td class="num"><?cs var:x.amount ?></td><td><?cs var:x.sh ?></td><td><?cs var:x.konto ?></td><td><?cs var:x.gegenkonto ?></td><td><?cs var:x.bu ?></td><td><?cs var:x.text ?></td><td><?cs if:x.error ?><strong><?cs var:x.error ?></strong><?cs else ?><?cs var:x.why ?><?cs /if ?></td></tr>
    <?cs /each ?>
    </tbody>
  </table>
  <form method="post" action="<?cs var:Base.export ?>/<?cs var:Inv.x.target ?>" class="form">
    <input type="hidden" name="csrf" value="<?cs var:User.csrf ?>">
    <input type="hidden" name="from" value="<?cs var:Inv.from ?>">
    <input type="hidden" name="to" value="<?cs var:Inv.to ?>">
    <?cs if:Inv.x.all == 1 ?><input type="hidden" name="all" value="1"><?cs /if ?>
    <div class="actions"><button type="submit" class="primary"<?cs if:Inv.x.blocked == 1 ?> disabled<?cs /if ?>><?cs var:Lang.inv.x.download ?></button></div>
  </form>
  <?cs else ?><p><?cs var:Lang.inv.x.none ?></p><?cs /if ?>
</section>
<?cs include:"footer.cs" ?>
