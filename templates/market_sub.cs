<?cs include:"header.cs" ?>
<?cs include:"market_nav.cs" ?>
<section class="narrow">
  <h1><?cs var:Lang.mkt.sub.edit ?>: <?cs var:Sub.lname ?></h1>
  <?cs if:Query.saved ?><p class="notice" role="status"><?cs var:Lang.mkt.offer.saved ?></p><?cs /if ?>
  <?cs include:"errors.cs" ?>
  <dl class="facts">
    <dt><?cs var:Lang.mkt.col.vehicle ?></dt><dd><a href="<?cs var:Base.market ?>/vehicle/<?cs var:Sub.vehicle_id ?>"><?cs var:Sub.vehicle ?></a> (<?cs var:Sub.org ?>)</dd>
    <dt><?cs var:Lang.mkt.sub.area ?></dt><dd><?cs var:Sub.area ?></dd>
    <dt><?cs var:Lang.mkt.col.rate ?></dt><dd><?cs var:Sub.rate ?></dd>
    <dt><?cs var:Lang.mkt.offer.tariff ?></dt><dd><?cs var:Sub.tariff ?> <small>(<?cs var:Lang.mkt.sub.price_hint ?>)</small></dd>
  </dl>
  <form method="post" action="<?cs var:Base.market ?>/subscriptions/<?cs var:Sub.id ?>" class="form">
    <input type="hidden" name="csrf" value="<?cs var:User.csrf ?>">
    <label for="descr"><?cs var:Lang.mkt.sub.local_descr ?></label>
    <input id="descr" name="descr" value="<?cs var:Form.descr ?>"<?cs if:Error.descr ?> aria-invalid="true"<?cs /if ?>>
    <?cs if:Error.descr ?><p class="field-error"><?cs var:Error.descr ?></p><?cs /if ?>
    <label class="inline"><input type="checkbox" name="visible" value="1"<?cs if:Form.visible == "1" ?> checked<?cs /if ?>> <?cs var:Lang.mkt.sub.visible ?></label>
    <div class="actions"><button type="submit" class="primary"><?cs var:Lang.form.save ?></button>
    <a class="btn" href="<?cs var:Base.market ?>/subscriptions"><?cs var:Lang.form.cancel ?></a></div>
  </form>
</section>
<?cs include:"footer.cs" ?>
