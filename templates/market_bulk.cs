<?cs include:"header.cs" ?>
<?cs include:"market_nav.cs" ?>
<section>
  <h1><?cs var:Lang.mkt.bulk.title ?></h1>
  <?cs if:Query.released ?><p class="notice" role="status"><?cs var:Lang.mkt.bulk.released ?> <?cs var:Query.released ?></p><?cs /if ?>
  <?cs include:"errors.cs" ?>
  <?cs if:subcount(Report.released) > 0 || subcount(Report.failed) > 0 ?>
  <div class="report" role="status">
    <?cs if:subcount(Report.released) > 0 ?><p><?cs var:Lang.mkt.bulk.released ?></p><ul class="ok"><?cs each:x = Report.released ?><li><?cs var:x.name ?></li><?cs /each ?></ul><?cs /if ?>
    <?cs if:subcount(Report.failed) > 0 ?><p><?cs var:Lang.mkt.bulk.not_released ?></p><ul class="failed"><?cs each:x = Report.failed ?><li><strong><?cs var:x.name ?></strong>: <?cs var:x.msg ?></li><?cs /each ?></ul><?cs /if ?>
  </div>
  <?cs /if ?>
  <p><?cs var:Lang.mkt.bulk.intro ?> <strong><?cs var:Mkt.portal_name ?></strong></p>
  <form method="post" action="<?cs var:Base.market ?>/mine/bulk" class="form">
    <input type="hidden" name="csrf" value="<?cs var:User.csrf ?>">
    <input type="hidden" name="portal" value="<?cs var:Mkt.portal ?>">
    <p class="bulk-select"><label class="inline"><input type="checkbox" name="all" value="1" data-select-all="pick"<?cs if:Form.all == 1 ?> checked<?cs /if ?>> <?cs var:Lang.mkt.bulk.all ?></label>
      <span class="count" aria-live="polite"><?cs var:Lang.mkt.bulk.count ?> <output data-count="pick"><?cs var:Mkt.picked ?></output></span></p>
    <table class="list bulk">
      <thead><tr><th></th><th><?cs var:Lang.mkt.col.vehicle ?></th><th><?cs var:Lang.mkt.sub.area ?></th><th><?cs var:Lang.mkt.col.rate ?></th><th><?cs var:Lang.mkt.col.missing ?></th><th><?cs var:Lang.mkt.bulk.portal ?></th></tr></thead>
      <tbody>
      <?cs each:v = Vehicles ?>
      <tr data-vehicle="<?cs var:v.id ?>"><td><input type="checkbox" data-pick="pick" name="pick_<?cs var:v.id ?>" value="1" aria-label="<?cs var:v.name ?>"<?cs if:v.complete != 1 ?> disabled<?cs elif:v.picked == 1 ?> checked<?cs /if ?>></td>
        <td><a href="<?cs var:Base.market ?>/mine/vehicle/<?cs var:v.id ?>"><?cs var:v.name ?></a></td><td><?cs var:v.area ?></td><td><?cs var:v.rate ?></td><td class="missing"><?cs var:v.missing ?></td>
        <td><?cs if:v.complete == 1 ?><select name="portal_<?cs var:v.id ?>" aria-label="<?cs var:Lang.mkt.bulk.portal ?>: <?cs var:v.name ?>"><?cs each:p = v.portals ?><option value="<?cs var:p.id ?>"<?cs if:p.sel == 1 ?> selected<?cs /if ?>><?cs var:p.name ?></option><?cs /each ?></select><?cs /if ?></td></tr>
      <?cs /each ?>
      </tbody>
    </table>
    <?cs if:subcount(Vehicles) == 0 ?><p class="none"><?cs var:Lang.mkt.bulk.empty ?></p><?cs /if ?>
    <?cs if:Error.pick ?><p class="field-error"><?cs var:Error.pick ?></p><?cs /if ?>
    <label class="inline"><input type="checkbox" name="terms" value="1"<?cs if:Form.terms == 1 ?> checked<?cs /if ?><?cs if:Error.terms ?> aria-invalid="true"<?cs /if ?>> <?cs var:Lang.mkt.bulk.terms ?></label>
    <?cs if:Error.terms ?><p class="field-error"><?cs var:Error.terms ?></p><?cs /if ?>
    <div class="actions"><button type="submit" class="primary"><?cs var:Lang.mkt.bulk.do ?></button></div>
  </form>
</section>
<script src="<?cs var:Base.static ?>/js/market.js" defer></script>
<?cs include:"footer.cs" ?>
