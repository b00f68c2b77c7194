<?cs include:"header.cs" ?>
<section class="invoices-mine">
  <p><a href="<?cs var:Base.calendar ?>/mine"><?cs var:Lang.mine.title ?></a></p>
  <h1><?cs var:Lang.inv.mine.title ?></h1>
  <?cs if:Inv.count > 0 ?>
  <table class="list">
    <thead><tr><th><?cs var:Lang.inv.col.number ?></th><th><?cs var:Lang.inv.col.date ?></th><th><?cs var:Lang.inv.col.period ?></th><th class="num"><?cs var:Lang.inv.col.gross ?></th><th><?cs var:Lang.inv.col.state ?></th><th></th></tr></thead>
    <tbody>
    <?cs each:i = Inv.list ?>
    <tr><td><a href="<?cs var:Base.export ?>/invoices/<?cs var:i.id ?>"><?cs var:i.number ?></a></td><td><?cs var:i.date ?></td><td><?cs var:i.period ?></td><td class="num"><?cs var:i.gross ?></td><td><?cs var:Lang.inv.state[i.state] ?><?cs if:i.cancels ?> <?cs var:i.cancels ?><?cs /if ?></td><td><a href="<?cs var:Base.export ?>/invoices/<?cs var:i.id ?>/pdf">PDF</a></td></tr>
    <?cs /each ?>
    </tbody>
  </table>
  <?cs else ?><p><?cs var:Lang.inv.none ?></p><?cs /if ?>
</section>
<?cs include:"footer.cs" ?>
