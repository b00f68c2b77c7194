<?cs include:"header.cs" ?>
<?cs include:"market_nav.cs" ?>
<section>
  <h1><?cs var:Lang.mkt.mine.title ?></h1>
  <?cs if:Query.released ?><p class="notice" role="status"><?cs var:Lang.mkt.release.done ?></p><?cs /if ?>
  <?cs if:Query.withdrawn ?><p class="notice" role="status"><?cs var:Lang.mkt.withdraw.done ?></p><?cs /if ?>
  <?cs if:Query.listed ?><p class="notice" role="status"><?cs var:Lang.mkt.list_on.done ?></p><?cs /if ?>
  <?cs if:Query.unlisted ?><p class="notice" role="status"><?cs var:Lang.mkt.list_off.done ?></p><?cs /if ?>
  <?cs include:"errors.cs" ?>
  <form method="get" action="<?cs var:Base.market ?>/mine" class="form filters">
    <label for="state"><?cs var:Lang.mkt.filter.state ?></label>
    <select id="state" name="state">
      <option value=""><?cs var:Lang.mkt.filter.all ?></option>
      <option value="here"<?cs if:Form.state == "here" ?> selected<?cs /if ?>><?cs var:Lang.mkt.filter.here ?></option>
      <option value="none"<?cs if:Form.state == "none" ?> selected<?cs /if ?>><?cs var:Lang.mkt.filter.unreleased ?></option>
      <option value="list"<?cs if:Form.state == "list" ?> selected<?cs /if ?>><?cs var:Lang.mkt.filter.listed ?></option>
    </select>
    <label for="area"><?cs var:Lang.mkt.sub.area ?></label>
    <select id="area" name="area">
      <option value=""><?cs var:Lang.mkt.filter.all ?></option>
      <?cs each:a = Areas ?><option value="<?cs var:a.id ?>"<?cs if:a.id == Form.area ?> selected<?cs /if ?>><?cs var:a.name ?></option><?cs /each ?>
    </select>
    <label for="q"><?cs var:Lang.mkt.filter.q ?></label>
    <input id="q" name="q" value="<?cs var:Form.q ?>">
    <div class="actions"><button type="submit" class="primary"><?cs var:Lang.mkt.filter.apply ?></button></div>
  </form>
  <table class="list own-vehicles">
    <thead><tr><th><?cs var:Lang.mkt.col.vehicle ?></th><th><?cs var:Lang.mkt.sub.area ?></th><th><?cs var:Lang.mkt.col.state ?></th><th><?cs var:Lang.mkt.col.rate ?></th><th><?cs var:Lang.mkt.col.missing ?></th><th></th></tr></thead>
    <tbody>
    <?cs each:v = Vehicles ?>
    <tr data-vehicle="<?cs var:v.id ?>"><td><a href="<?cs var:Base.market ?>/mine/vehicle/<?cs var:v.id ?>"><?cs var:v.name ?></a></td><td><?cs var:v.area ?></td>
      <td><?cs if:v.released == 1 ?><?cs var:Lang.mkt.state.released ?>: <?cs var:v.portal_name ?><?cs else ?><?cs var:Lang.mkt.state.none ?><?cs /if ?><?cs if:v.on_list == 1 ?> · <?cs var:Lang.mkt.state.listed ?><?cs /if ?></td>
      <td><?cs var:v.rate ?></td><td class="missing"><?cs var:v.missing ?></td>
      <td class="row-actions">
        <?cs if:v.released == 1 ?>
        <form method="post" action="<?cs var:Base.market ?>/mine/vehicle/<?cs var:v.id ?>/withdraw"><input type="hidden" name="csrf" value="<?cs var:User.csrf ?>"><input type="hidden" name="back" value="mine"><button type="submit"><?cs var:Lang.mkt.withdraw.do ?></button></form>
        <?cs else ?>
        <?cs if:v.complete == 1 ?><form method="post" action="<?cs var:Base.market ?>/mine/vehicle/<?cs var:v.id ?>/release"><input type="hidden" name="csrf" value="<?cs var:User.csrf ?>"><input type="hidden" name="back" value="mine"><input type="hidden" name="portal" value="<?cs var:Mkt.portal ?>"><button type="submit"><?cs var:Lang.mkt.release.do ?></button></form><?cs /if ?>
        <?cs if:v.on_list == 1 ?>
        <form method="post" action="<?cs var:Base.market ?>/mine/vehicle/<?cs var:v.id ?>/unlist"><input type="hidden" name="csrf" value="<?cs var:User.csrf ?>"><input type="hidden" name="back" value="mine"><button type="submit"><?cs var:Lang.mkt.list_off.do ?></button></form>
        <?cs else ?>
        <form method="post" action="<?cs var:Base.market ?>/mine/vehicle/<?cs var:v.id ?>/list"><input type="hidden" name="csrf" value="<?cs var:User.csrf ?>"><input type="hidden" name="back" value="mine"><button type="submit"><?cs var:Lang.mkt.list_on.do ?></button></form>
        <?cs /if ?>
        <?cs /if ?>
      </td></tr>
    <?cs /each ?>
    </tbody>
  </table>
  <?cs if:subcount(Vehicles) == 0 ?><p class="none"><?cs var:Lang.mkt.mine.none ?></p><?cs /if ?>
</section>
<?cs include:"footer.cs" ?>
