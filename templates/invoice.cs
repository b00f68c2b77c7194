<?cs include:"header.cs" ?>
<section class="invoice">
  <?cs if:User.admin == 1 ?><p><a href="<?cs var:Base.export ?>/invoices"><?cs var:Lang.inv.title ?></a></p><?cs else ?><p><a href="<?cs var:Base.export ?>/invoices/mine"><?cs var:Lang.inv.mine.title ?></a></p><?cs /if ?>
  <h1><?cs if:Inv.inv.cancels ?><?cs var:Lang.inv.pdf.cancel_title ?><?cs else ?><?cs var:Lang.inv.pdf.title ?><?cs /if ?> <?cs var:Inv.inv.number ?></h1>
  <?cs if:Query.cancelled ?><p class="notice" role="status"><?cs var:Lang.inv.cancelled ?></p><?cs /if ?>
  <dl class="facts">
    <?cs if:Inv.inv.cancels ?><dt><?cs var:Lang.inv.col.ref ?></dt><dd><a href="<?cs var:Base.export ?>/invoices/<?cs var:Inv.inv.cancels_id ?>"><?cs var:Inv.inv.cancels ?></a></dd><?cs /if ?>
    <?cs if:Inv.inv.cancelled_by ?><dt><?cs var:Lang.inv.state.cancelled ?></dt><dd><a href="<?cs var:Base.export ?>/invoices/<?cs var:Inv.inv.cancelled_by_id ?>"><?cs var:Inv.inv.cancelled_by ?></a></dd><?cs /if ?>
    <dt><?cs var:Lang.inv.col.date ?></dt><dd><?cs var:Inv.inv.date ?></dd>
    <dt><?cs var:Lang.inv.col.period ?></dt><dd><?cs var:Inv.inv.period ?></dd>
    <dt><?cs var:Lang.inv.col.member_no ?></dt><dd><?cs var:Inv.inv.member_no ?></dd>
    <dt><?cs var:Lang.inv.col.name ?></dt><dd><?cs var:Inv.inv.name ?></dd>
    <dt><?cs var:Lang.inv.address.label ?></dt><dd class="pre"><?cs if:Inv.inv.address ?><?cs var:Inv.inv.address ?><?cs else ?><?cs var:Lang.inv.new.no_address ?><?cs /if ?></dd>
    <dt><?cs var:Lang.inv.col.due ?></dt><dd><?cs var:Inv.inv.due ?></dd>
    <?cs if:Inv.inv.handover ?><dt><?cs var:Lang.inv.col.handover ?></dt><dd><?cs var:Inv.inv.handover ?></dd><?cs /if ?>
  </dl>
  <table class="list">
    <thead><tr><th><?cs var:Lang.inv.line.date ?></th><th><?cs var:Lang.inv.line.vehicle ?></th><th><?cs var:Lang.inv.line.times ?></th><th class="num"><?cs var:Lang.inv.line.hours ?></th><th class="num"><?cs var:Lang.inv.line.km ?></th><th class="num"><?cs var:Lang.inv.line.time_price ?></th><th class="num"><?cs var:Lang.inv.line.km_price ?></th><th class="num"><?cs var:Lang.inv.line.share ?></th><th class="num"><?cs var:Lang.inv.line.amount ?></th></tr></thead>
    <tbody>
    <?cs each:l = Inv.inv.lines ?>
    <tr><td><?cs var:l.date ?></td><td><?cs var:l.vehicle ?></td><td><?cs var:l.times ?></td><td class="num"><?cs var:l.hours ?></td><td class="num"><?cs var:l.km ?></td><td class="num"><?cs var:l.time_price ?></td><td class="num"><?cs var:l.km_price ?></td><td class="num"><?cs var:l.share ?></td><td class="num"><?cs var:l.amount ?></td></tr>
    <?cs /each ?>
    </tbody>
    <tfoot>
    <?cs if:Inv.inv.vat_mode != "none" ?>
    <tr><td colspan="8"><?cs if:Inv.inv.vat_mode == "net" ?><?cs var:Lang.inv.pdf.subtotal ?><?cs else ?><?cs var:Lang.inv.pdf.net ?><?cs /if ?></td><td class="num"><?cs var:Inv.inv.net ?></td></tr>
    <tr><td colspan="8"><?cs var:Lang.inv.vat ?> <?cs var:Inv.inv.rate ?> %</td><td class="num"><?cs var:Inv.inv.vat ?></td></tr>
    <?cs /if ?>
    <tr><td colspan="8"><strong><?cs var:Lang.inv.pdf.total ?></strong></td><td class="num"><strong><?cs var:Inv.inv.gross ?></strong></td></tr>
    </tfoot>
  </table>
  <?cs if:Inv.inv.vat_mode == "none" ?><p><?cs var:Lang.inv.pdf.note19 ?></p><?cs /if ?>
  <p class="actions"><a class="btn primary" href="<?cs var:Base.export ?>/invoices/<?cs var:Inv.inv.id ?>/pdf">PDF</a></p>
  <?cs if:User.admin == 1 && Inv.inv.can_cancel == 1 ?>
  <form method="post" action="<?cs var:Base.export ?>/invoices/<?cs var:Inv.inv.id ?>/cancel" class="form">
    <input type="hidden" name="csrf" value="<?cs var:User.csrf ?>">
    <p class="hint"><?cs var:Lang.inv.cancel_hint ?></p>
    <div class="actions"><button type="submit" class="danger"><?cs var:Lang.inv.cancel ?></button></div>
  </form>
  <?cs /if ?>
</section>
<?cs include:"footer.cs" ?>
