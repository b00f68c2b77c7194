<?cs include:"header.cs" ?>
<?cs include:"market_nav.cs" ?>
<section class="narrow market-vehicle">
  <h1><?cs var:Vehicle.name ?></h1>
  <?cs if:Query.watched ?><p class="notice" role="status"><?cs var:Lang.mkt.watch.added ?></p><?cs /if ?>
  <?cs if:Query.unwatched ?><p class="notice" role="status"><?cs var:Lang.mkt.watch.removed ?></p><?cs /if ?>
  <dl class="facts">
    <dt><?cs var:Lang.mkt.col.org ?></dt><dd><?cs var:Vehicle.org ?></dd>
    <dt><?cs var:Lang.mkt.portal.label ?></dt><dd><?cs var:Vehicle.portal_name ?></dd>
    <dt><?cs var:Lang.mkt.offer.descr ?></dt><dd><?cs var:Vehicle.descr ?></dd>
    <dt><?cs var:Lang.mkt.offer.address ?></dt><dd><?cs var:Vehicle.address ?> (<?cs var:Vehicle.lat ?><?cs if:Lang.code == "en" ?>, <?cs else ?>; <?cs /if ?><?cs var:Vehicle.lon ?>)<?cs if:Vehicle.km ?> – <?cs var:Vehicle.km ?> km<?cs /if ?></dd>
    <dt><?cs var:Lang.mkt.offer.vclass ?></dt><dd><?cs var:Vehicle.vclass ?></dd>
    <dt><?cs var:Lang.mkt.offer.tariff ?></dt><dd><?cs var:Vehicle.tariff ?><?cs if:Vehicle.per_hour ?>: <?cs var:Vehicle.per_hour ?> <?cs var:Lang.mkt.per_hour ?><?cs if:Vehicle.max_24h ?>, <?cs var:Lang.mkt.max_24h ?> <?cs var:Vehicle.max_24h ?><?cs /if ?>, <?cs var:Vehicle.per_km ?> <?cs var:Lang.mkt.per_km ?><?cs /if ?></dd>
    <dt><?cs var:Lang.mkt.col.rate ?></dt><dd class="rate"><?cs var:Vehicle.rate ?><?cs if:Vehicle.link == 1 ?> – <a href="<?cs var:Vehicle.link_url ?>" rel="noopener noreferrer"><?cs var:Vehicle.link_url ?></a><?cs /if ?></dd>
    <dt><?cs var:Lang.mkt.offer.conditions ?></dt><dd class="conditions"><?cs var:Vehicle.conditions ?></dd>
    <dt><?cs var:Lang.mkt.released_at ?></dt><dd><?cs var:Vehicle.released_at ?></dd>
  </dl>
  <?cs if:Vehicle.own != 1 ?>
  <div class="actions">
    <?cs if:Vehicle.watched == 1 ?>
    <form method="post" action="<?cs var:Base.market ?>/vehicle/<?cs var:Vehicle.id ?>/unwatch"><input type="hidden" name="csrf" value="<?cs var:User.csrf ?>"><button type="submit"><?cs var:Lang.mkt.watch.remove ?></button></form>
    <?cs else ?>
    <form method="post" action="<?cs var:Base.market ?>/vehicle/<?cs var:Vehicle.id ?>/watch"><input type="hidden" name="csrf" value="<?cs var:User.csrf ?>"><button type="submit"><?cs var:Lang.mkt.watch.add ?></button></form>
    <?cs /if ?>
    <?cs if:Vehicle.subscription ?><p><?cs var:Lang.mkt.subs.marked ?> – <a href="<?cs var:Base.market ?>/subscriptions/<?cs var:Vehicle.subscription ?>"><?cs var:Lang.mkt.sub.edit ?></a></p>
    <?cs else ?><a class="btn primary" href="<?cs var:Base.market ?>/vehicle/<?cs var:Vehicle.id ?>/subscribe"><?cs var:Lang.mkt.sub.title ?></a><?cs /if ?>
  </div>
  <?cs else ?><p class="hint"><?cs var:Lang.mkt.own_hint ?></p><?cs /if ?>
</section>
<?cs include:"footer.cs" ?>
