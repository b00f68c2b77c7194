<?cs include:"header.cs" ?>
<?cs include:"market_nav.cs" ?>
<section class="market">
  <h1><?cs var:Lang.mkt.list.title ?></h1>
  <?cs include:"errors.cs" ?>
  <form method="get" action="<?cs var:Base.market ?>" class="form filters">
    <input type="hidden" name="portal" value="<?cs var:Mkt.portal ?>">
    <label for="q"><?cs var:Lang.mkt.filter.q ?></label>
    <input id="q" name="q" value="<?cs var:Form.q ?>">
    <label for="org"><?cs var:Lang.mkt.filter.orgs ?></label>
    <select id="org" name="org" multiple size="3">
      <?cs each:o = Orgs ?><option value="<?cs var:o.id ?>"<?cs if:o.sel == 1 ?> selected<?cs /if ?>><?cs var:o.name ?></option><?cs /each ?>
    </select>
    <label for="km"><?cs var:Lang.mkt.filter.km ?></label>
    <input id="km" name="km" type="number" min="1" max="20000" value="<?cs var:Form.km ?>"<?cs if:Error.km ?> aria-invalid="true"<?cs /if ?>>
    <?cs if:Error.km ?><p class="field-error"><?cs var:Error.km ?></p><?cs /if ?>
    <?cs if:Mkt.no_coords ?><p class="hint"><?cs var:Lang.mkt.filter.no_coords ?></p><?cs /if ?>
    <label for="vclass"><?cs var:Lang.mkt.offer.vclass ?></label>
    <select id="vclass" name="vclass">
      <option value=""><?cs var:Lang.mkt.filter.all ?></option>
      <?cs each:c = Classes ?><option value="<?cs var:c.id ?>"<?cs if:c.sel == 1 ?> selected<?cs /if ?>><?cs var:c.name ?></option><?cs /each ?>
    </select>
    <fieldset><legend><?cs var:Lang.mkt.filter.free ?></legend>
      <?cs loop:w = 1, 7, 1 ?><label class="inline"><input type="checkbox" name="wd<?cs var:w ?>" value="1"<?cs if:Form["wd" + w] == 1 ?> checked<?cs /if ?>> <?cs var:Lang.mkt.wd[w] ?></label> <?cs /loop ?>
      <label for="from"><?cs var:Lang.mkt.filter.from ?></label>
      <input id="from" name="from" type="time" value="<?cs var:Form.from ?>"<?cs if:Error.from ?> aria-invalid="true"<?cs /if ?>>
      <label for="to"><?cs var:Lang.mkt.filter.to ?></label>
      <input id="to" name="to" value="<?cs var:Form.to ?>" placeholder="HH:MM"<?cs if:Error.to ?> aria-invalid="true"<?cs /if ?>>
      <p class="hint"><?cs var:Lang.mkt.filter.free_hint ?></p>
    </fieldset>
    <label class="inline"><input type="checkbox" name="own" value="1"<?cs if:Form.own == "1" ?> checked<?cs /if ?>> <?cs var:Lang.mkt.filter.own ?></label>
    <div class="actions"><button type="submit" class="primary"><?cs var:Lang.mkt.filter.apply ?></button></div>
  </form>
  <table class="list market-vehicles">
    <thead><tr><th><?cs var:Lang.mkt.col.vehicle ?></th><th><?cs var:Lang.mkt.col.org ?></th><th><?cs var:Lang.mkt.offer.address ?></th><th><?cs var:Lang.mkt.offer.vclass ?></th><th><?cs var:Lang.mkt.col.rate ?></th><th><?cs var:Lang.mkt.col.km ?></th></tr></thead>
    <tbody>
    <?cs each:v = Vehicles ?>
    <tr data-vehicle="<?cs var:v.id ?>"<?cs if:v.watched == 1 ?> class="watched"<?cs /if ?>><td><a href="<?cs var:Base.market ?>/vehicle/<?cs var:v.id ?>"><?cs var:v.name ?></a><?cs if:v.watched == 1 ?> <span class="mark watch-mark" title="<?cs var:Lang.mkt.watch.marked ?>">★ <?cs var:Lang.mkt.watch.marked ?></span><?cs /if ?><?cs if:v.subscribed == 1 ?> <span class="mark"><?cs var:Lang.mkt.subs.marked ?></span><?cs /if ?><?cs if:v.own == 1 ?> <span class="mark"><?cs var:Lang.mkt.own ?></span><?cs /if ?><br><small><?cs var:v.descr ?></small></td><td><?cs var:v.org ?></td><td><?cs var:v.address ?></td><td><?cs var:v.vclass ?></td><td><?cs var:v.rate ?></td><td><?cs if:v.km ?><?cs var:v.km ?> km<?cs /if ?></td></tr>
    <?cs /each ?>
    </tbody>
  </table>
  <?cs if:subcount(Vehicles) == 0 ?><p class="none"><?cs var:Lang.mkt.list.none ?></p><?cs /if ?>
</section>
<?cs include:"footer.cs" ?>
