<?cs include:"header.cs" ?>
<section class="invoice-new">
  <p><a href="<?cs var:Base.export ?>/invoices"><?cs var:Lang.inv.title ?></a></p>
  <h1><?cs var:Lang.inv.new.title ?></h1>
  <?cs include:"errors.cs" ?>
  <form method="get" action="<?cs var:Base.export ?>/invoices/new" class="form">
    <?cs include:"invoice_period.cs" ?>
    <div class="actions"><button type="submit"><?cs var:Lang.inv.new.preview ?></button></div>
  </form>
  <?cs if:Inv.pv.period ?>
  <h2><?cs var:Lang.inv.new.preview_of ?> <?cs var:Inv.pv.period ?></h2>
  <?cs if:Inv.pv.conflict > 0 ?><p class="errors"><?cs var:Lang.inv.err.conflict ?></p><?cs /if ?>
  <?cs if:subcount(Inv.pv.missing) > 0 ?><div class="errors"><p><?cs var:Lang.inv.new.missing ?> <a href="<?cs var:Base.export ?>/invoices/settings"><?cs var:Lang.inv.settings.title ?></a></p><ul><?cs each:m = Inv.pv.missing ?><li><?cs var:m.text ?></li><?cs /each ?></ul></div><?cs /if ?>
  <?cs if:Inv.pv.no_member_no > 0 ?><p class="errors"><?cs var:Lang.inv.err.member_no ?></p><?cs /if ?>
  <?cs if:Inv.pv.count > 0 ?>
  <table class="list">
    <thead><tr><th><?cs var:Lang.inv.col.member_no ?></th><th><?cs var:Lang.inv.col.name ?></th><th><?cs var:Lang.inv.new.logins ?></th><th class="num"><?cs var:Lang.inv.new.bookings ?></th><th class="num"><?cs var:Lang.inv.new.hours ?></th><th class="num"><?cs var:Lang.inv.line.km ?></th><th class="num"><?cs var:Lang.inv.line.amount ?></th><th></th></tr></thead>
    <tbody>
    <?cs each:m = Inv.pv.members ?>
    <tr><td><?cs if:m.member_no ?><?cs var:m.member_no ?><?cs else ?><strong><?cs var:Lang.inv.new.no_member_no ?></strong><?cs /if ?></td><td><?cs var:m.name ?></td><td><?cs var:m.logins ?></td><td class="num"><?cs var:m.bookings ?><?cs if:m.corrections > 0 ?> + <?cs var:m.corrections ?> <?cs var:Lang.inv.new.corrections ?><?cs /if ?></td><td class="num"><?cs var:m.hours ?></td><td class="num"><?cs var:m.km ?></td><td class="num"><?cs var:m.amount ?></td><td><?cs if:m.no_address == 1 ?><?cs var:Lang.inv.new.no_address ?><?cs /if ?></td></tr>
    <?cs /each ?>
    </tbody>
    <tfoot><tr><td colspan="6"><?cs var:Lang.inv.pdf.total ?> (<?cs var:Inv.pv.count ?>)</td><td class="num"><?cs var:Inv.pv.total ?></td><td></td></tr></tfoot>
  </table>
  <?cs else ?><p><?cs var:Lang.inv.err.empty ?></p><?cs /if ?>
  <?cs if:subcount(Inv.pv.trips) > 0 ?>
  <h3><?cs var:Lang.inv.new.trips ?></h3>
  <p class="hint"><?cs var:Lang.inv.new.trips_hint ?> <a href="<?cs var:Base.calendar ?>/trips/missing"><?cs var:Lang.inv.new.trips_link ?></a></p>
  <ul><?cs each:t = Inv.pv.trips ?><li><a href="<?cs var:Base.calendar ?>/booking/<?cs var:t.id ?>/trip"><?cs var:t.id ?></a> <?cs var:t.vehicle ?> <?cs var:t.start ?> <?cs var:t.login ?></li><?cs /each ?></ul>
  <?cs /if ?>
  <form method="post" action="<?cs var:Base.export ?>/invoices/new" class="form">
    <input type="hidden" name="csrf" value="<?cs var:User.csrf ?>">
    <input type="hidden" name="from" value="<?cs var:Inv.from ?>">
    <input type="hidden" name="to" value="<?cs var:Inv.to ?>">
    <div class="actions"><button type="submit" class="primary"<?cs if:Inv.pv.can_issue != 1 ?> disabled<?cs /if ?>><?cs var:Lang.inv.new.issue ?></button></div>
  </form>
  <?cs /if ?>
</section>
<?cs include:"footer.cs" ?>
